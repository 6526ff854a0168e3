// English texts of the category catalogue (administration), the category suggested at intake (case page) and the
// root cause and remedy recorded with a definitive answer. categories.fr.ts and categories.de.ts have exactly the
// same keys (the type checks it).

export const categoriesEn = {
  categoryAdmin: {
    intro:
      'Categories sort complaints by what they are about, for the queues and the figures (P7.1). Each has a label in every language and keywords that suggest it when a complaint arrives. A category is never deleted: retire it, and it is no longer offered while the cases that have it keep it, in the figures too.',
    key: 'Key',
    keyHint:
      'Lower-case letters, digits, "-" and "_". It is written into exports and cannot be changed once saved.',
    label: 'Label in {{lang}}',
    keywords: 'Keywords in {{lang}}',
    keywordsHint:
      'Separated by commas. A keyword matches every word that starts with it, whatever the case and accents.',
    state: 'Status',
    offered: 'Offered',
    retired: 'Retired (kept on its cases, no longer offered)',
    newTitle: 'New category',
    newHint: 'Fill this in to add a category; leave it empty otherwise.',
    languages: { fr: 'French', en: 'English', de: 'German' },
    errors: {
      badKey: 'Use lower-case letters, digits, "-" and "_" (at most 60), starting with a letter or digit.',
      duplicateKey: 'Another category already has this key.',
      keyRemoved: 'The category {{key}} is missing: a category is never removed, retire it instead.',
      labelMissing: 'Write a label in every language.',
      labelTooLong: 'Write at most {{max}} characters.',
      tooManyKeywords: 'Give at most {{max}} keywords per language.',
      badKeyword: 'Each keyword needs at least 2 letters or digits and at most {{max}} characters.',
      noneOffered: 'Offer at least one category.',
      tooMany: 'There can be at most {{max}} categories.',
    },
    trialTitle: 'Try the suggestion',
    trialLabel: 'Text of a complaint',
    trialHint: 'Shows the category these keywords would suggest for this text (the saved keywords).',
    trialButton: 'Suggest',
    trialSuggests: 'Suggested: {{category}} (because of: {{words}})',
    trialNone: 'No category would be suggested for this text.',
  },
  categorySuggestion: {
    title: 'Suggested category',
    suggested: 'Suggested: {{category}}',
    because: 'because of: {{words}}',
    confirm: 'Confirm {{category}}',
    chooseAnother: 'Choose another',
    retired: 'This category has been retired since; choose another.',
  },
  rootCause: {
    legend: 'Root cause and remedy',
    cause: 'Root cause',
    causeHint: 'What the complaint came from, as found while examining it. Kept for the figures, not sent.',
    causes: {
      our_error: 'Our error',
      third_party: 'A third party or the registry',
      customer_misunderstanding: 'A misunderstanding by the customer',
      policy_as_designed: 'Our policy, applied as designed',
      no_fault_found: 'No fault found',
    },
    note: 'About the cause',
    noteHint: 'Optional, for colleagues: what exactly went wrong.',
    amount: 'Amount offered',
    amountHint: 'Optional: a credit, refund or goodwill payment, e.g. 25.00.',
    currency: 'Currency',
    badAmount: 'Write an amount like 25 or 25.50 (at most 2 decimals).',
    badCurrency: 'Write a three-letter currency code like EUR.',
    recorded: 'Root cause',
    remedy: 'Remedy',
  },
};

/** The shape every language must have: the same keys, any strings. */
export type CategoriesMessages = Stringify<typeof categoriesEn>;
type Stringify<T> = { [K in keyof T]: T[K] extends string ? string : Stringify<T[K]> };
