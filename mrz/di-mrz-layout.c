/* di-mrz-layout.c — where each field sits in each MRZ format (ICAO 9303 Parts 4–7)
 *
 * Positions here are 0-based; the comments give ICAO's 1-based positions.
 */
#define G_LOG_DOMAIN "di-mrz"

#include "config.h"

#include "di-mrz-private.h"

#define S(kind, line, start, length) { SPAN_##kind, line, start, length }

static const Layout layouts[] = {
  /* TD3 (Part 4): line 2 composite over 1–10, 14–20, 22–43 */
  { DI_MRZ_FORMAT_TD3, 2, 44,
    { S (DOCUMENT_CODE, 0, 0, 2), S (ISSUING_STATE, 0, 2, 3), S (NAME, 0, 5, 39),
      S (DOCUMENT_NUMBER, 1, 0, 9), S (DOCUMENT_NUMBER_CD, 1, 9, 1), S (NATIONALITY, 1, 10, 3),
      S (BIRTH_DATE, 1, 13, 6), S (BIRTH_DATE_CD, 1, 19, 1), S (SEX, 1, 20, 1),
      S (EXPIRY_DATE, 1, 21, 6), S (EXPIRY_DATE_CD, 1, 27, 1), S (OPTIONAL, 1, 28, 14),
      S (OPTIONAL_CD, 1, 42, 1), S (COMPOSITE_CD, 1, 43, 1) }, 14,
    { { 1, 0, 10 }, { 1, 13, 20 }, { 1, 21, 43 } }, 3, FALSE },

  /* MRV-A (Part 7): no composite, optional data 29–44 */
  { DI_MRZ_FORMAT_MRVA, 2, 44,
    { S (DOCUMENT_CODE, 0, 0, 2), S (ISSUING_STATE, 0, 2, 3), S (NAME, 0, 5, 39),
      S (DOCUMENT_NUMBER, 1, 0, 9), S (DOCUMENT_NUMBER_CD, 1, 9, 1), S (NATIONALITY, 1, 10, 3),
      S (BIRTH_DATE, 1, 13, 6), S (BIRTH_DATE_CD, 1, 19, 1), S (SEX, 1, 20, 1),
      S (EXPIRY_DATE, 1, 21, 6), S (EXPIRY_DATE_CD, 1, 27, 1), S (OPTIONAL, 1, 28, 16) }, 12,
    { { 0 } }, 0, FALSE },

  /* TD2 (Part 6): composite over line 2 1–10, 14–20, 22–35 */
  { DI_MRZ_FORMAT_TD2, 2, 36,
    { S (DOCUMENT_CODE, 0, 0, 2), S (ISSUING_STATE, 0, 2, 3), S (NAME, 0, 5, 31),
      S (DOCUMENT_NUMBER, 1, 0, 9), S (DOCUMENT_NUMBER_CD, 1, 9, 1), S (NATIONALITY, 1, 10, 3),
      S (BIRTH_DATE, 1, 13, 6), S (BIRTH_DATE_CD, 1, 19, 1), S (SEX, 1, 20, 1),
      S (EXPIRY_DATE, 1, 21, 6), S (EXPIRY_DATE_CD, 1, 27, 1), S (OPTIONAL, 1, 28, 7),
      S (COMPOSITE_CD, 1, 35, 1) }, 13,
    { { 1, 0, 10 }, { 1, 13, 20 }, { 1, 21, 35 } }, 3, TRUE },

  /* MRV-B (Part 7): no composite, optional data 29–36 */
  { DI_MRZ_FORMAT_MRVB, 2, 36,
    { S (DOCUMENT_CODE, 0, 0, 2), S (ISSUING_STATE, 0, 2, 3), S (NAME, 0, 5, 31),
      S (DOCUMENT_NUMBER, 1, 0, 9), S (DOCUMENT_NUMBER_CD, 1, 9, 1), S (NATIONALITY, 1, 10, 3),
      S (BIRTH_DATE, 1, 13, 6), S (BIRTH_DATE_CD, 1, 19, 1), S (SEX, 1, 20, 1),
      S (EXPIRY_DATE, 1, 21, 6), S (EXPIRY_DATE_CD, 1, 27, 1), S (OPTIONAL, 1, 28, 8) }, 12,
    { { 0 } }, 0, FALSE },

  /* TD1 (Part 5): composite over upper 6–30, middle 1–7, 9–15, 19–29 */
  { DI_MRZ_FORMAT_TD1, 3, 30,
    { S (DOCUMENT_CODE, 0, 0, 2), S (ISSUING_STATE, 0, 2, 3), S (DOCUMENT_NUMBER, 0, 5, 9),
      S (DOCUMENT_NUMBER_CD, 0, 14, 1), S (OPTIONAL, 0, 15, 15), S (BIRTH_DATE, 1, 0, 6),
      S (BIRTH_DATE_CD, 1, 6, 1), S (SEX, 1, 7, 1), S (EXPIRY_DATE, 1, 8, 6),
      S (EXPIRY_DATE_CD, 1, 14, 1), S (NATIONALITY, 1, 15, 3), S (OPTIONAL_2, 1, 18, 11),
      S (COMPOSITE_CD, 1, 29, 1), S (NAME, 2, 0, 30) }, 14,
    { { 0, 5, 30 }, { 1, 0, 7 }, { 1, 8, 15 }, { 1, 18, 29 } }, 4, TRUE },

  /* French national identity card (before 2021): line 1 IDFRA, surname 6–30, office 31–36;
   * line 2 number 1–12 (issue year and month, department, sequence), check digit 13,
   * given names 14–27, birth date 28–33, check 34, sex 35, composite over everything 36. */
  { DI_MRZ_FORMAT_FRA_ID, 2, 36,
    { S (DOCUMENT_CODE, 0, 0, 2), S (ISSUING_STATE, 0, 2, 3), S (SURNAME, 0, 5, 25),
      S (OPTIONAL, 0, 30, 6), S (DOCUMENT_NUMBER, 1, 0, 12), S (DOCUMENT_NUMBER_CD, 1, 12, 1),
      S (GIVEN_NAMES, 1, 13, 14), S (BIRTH_DATE, 1, 27, 6), S (BIRTH_DATE_CD, 1, 33, 1),
      S (SEX, 1, 34, 1), S (COMPOSITE_CD, 1, 35, 1) }, 11,
    { { 0, 0, 36 }, { 1, 0, 35 } }, 2, FALSE },
};

const Layout *
di_mrz_layout_get (DiMrzFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (layouts[i].format == format)
      return &layouts[i];
  return NULL;
}

const Span *
di_mrz_layout_find_span (const Layout *layout,
                         SpanKind      kind)
{
  for (guint i = 0; i < layout->n_spans; i++)
    if (layout->spans[i].kind == kind)
      return &layout->spans[i];
  return NULL;
}

/* Index of an MRZ character in the CharSet bit order 0-9, A-Z, <; -1 for anything else. */
int
di_mrz_char_index (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return 10 + c - 'A';
  if (c == '<')
    return 36;
  return -1;
}

#define BIT(c) (((CharSet) 1) << di_mrz_char_index (c))

static CharSet
document_code_charset (const Layout *layout,
                       guint         column)
{
  if (column == 1)
    return layout->format == DI_MRZ_FORMAT_FRA_ID ? BIT ('D') : (CS_LETTERS | CS_FILLER);

  switch (layout->format)
    {
    case DI_MRZ_FORMAT_TD3:
      return BIT ('P');
    case DI_MRZ_FORMAT_MRVA:
    case DI_MRZ_FORMAT_MRVB:
      return BIT ('V');
    case DI_MRZ_FORMAT_TD1:
    case DI_MRZ_FORMAT_TD2:
      return BIT ('A') | BIT ('C') | BIT ('I');
    case DI_MRZ_FORMAT_FRA_ID:
      return BIT ('I');
    case DI_MRZ_FORMAT_UNKNOWN:
    default:
      return CS_ANY;
    }
}

/* The characters a position may hold by the syntax of its field alone (no check digit). */
CharSet
di_mrz_layout_charset (const Layout *layout,
                       guint         line,
                       guint         column)
{
  for (guint i = 0; i < layout->n_spans; i++)
    {
      const Span *span = &layout->spans[i];

      if (span->line != line || column < span->start || column >= span->start + span->length)
        continue;

      switch (span->kind)
        {
        case SPAN_DOCUMENT_CODE:
          return document_code_charset (layout, column - span->start);
        case SPAN_ISSUING_STATE:
        case SPAN_NATIONALITY:
        case SPAN_NAME:
        case SPAN_SURNAME:
        case SPAN_GIVEN_NAMES:
          return CS_LETTERS | CS_FILLER;
        case SPAN_DOCUMENT_NUMBER:
        case SPAN_OPTIONAL:
        case SPAN_OPTIONAL_2:
          return CS_ANY;
        case SPAN_DOCUMENT_NUMBER_CD:
          /* a filler marks a long number continued in the optional data */
          return layout->long_document_number ? (CS_DIGITS | CS_FILLER) : CS_DIGITS;
        case SPAN_BIRTH_DATE:
        case SPAN_OPTIONAL_CD:
        case SPAN_EXPIRY_DATE:       /* all fillers: no expiry (not ICAO, but issued) */
        case SPAN_EXPIRY_DATE_CD:
          return CS_DIGITS | CS_FILLER;
        case SPAN_SEX:
          return BIT ('M') | BIT ('F') | BIT ('<') | BIT ('X');
        case SPAN_BIRTH_DATE_CD:
        case SPAN_COMPOSITE_CD:
          return CS_DIGITS;
        case N_SPAN_KINDS:
        default:
          g_assert_not_reached ();
        }
    }
  return CS_ANY;
}

/* The weight (7, 3 or 1) of a position in the composite check digit, or 0 if not covered. */
int
di_mrz_layout_composite_weight (const Layout *layout,
                                guint         line,
                                guint         column)
{
  static const int weights[3] = { 7, 3, 1 };
  guint k = 0;

  for (guint i = 0; i < layout->n_composite; i++)
    {
      const DiMrzRange *r = &layout->composite[i];

      if (r->line == line && column >= r->start && column < r->end)
        return weights[(k + column - r->start) % 3];
      k += r->end - r->start;
    }
  return 0;
}

/* Whether a check digit (a field's own or the composite) covers a position: a misread
 * character there can be seen; elsewhere (names, codes, sex) it cannot. */
gboolean
di_mrz_layout_protected (const Layout *layout,
                         guint         line,
                         guint         column)
{
  if (di_mrz_layout_composite_weight (layout, line, column) != 0)
    return TRUE;
  for (guint i = 0; i < layout->n_spans; i++)
    {
      const Span *span = &layout->spans[i];

      if (span->line != line || column < span->start || column >= span->start + span->length)
        continue;
      switch (span->kind)
        {
        case SPAN_DOCUMENT_NUMBER:
        case SPAN_DOCUMENT_NUMBER_CD:
        case SPAN_BIRTH_DATE:
        case SPAN_BIRTH_DATE_CD:
        case SPAN_EXPIRY_DATE:
        case SPAN_EXPIRY_DATE_CD:
        case SPAN_OPTIONAL_CD:
        case SPAN_COMPOSITE_CD:
          return TRUE;
        case SPAN_OPTIONAL:
          return di_mrz_layout_find_span (layout, SPAN_OPTIONAL_CD) != NULL;
        default:
          return FALSE;
        }
    }
  return FALSE;
}
