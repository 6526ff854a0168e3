// The archive's own entries in the audit log, in English.
export const archiveEn = {
  auditActions: {
    outbound_sealed: 'Seal of an outgoing e-mail or letter recorded (archive)',
    anchor_list_recorded:
      'List of the correspondence kept before seals were anchored recorded (archive, at the upgrade)',
  },
};
