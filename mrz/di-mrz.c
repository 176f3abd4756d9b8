/* di-mrz.c — parse and validate an MRZ (ICAO Doc 9303 Parts 3–7)
 *
 * Validation is a list of checks, each reading a group of spans. The same checks serve the
 * report (with messages and ranges) and the OCR repair (quietly, as a predicate).
 */
#define G_LOG_DOMAIN "di-mrz"

#include "config.h"

#include <string.h>

#include "di-mrz-private.h"

struct _DiMrz {
  gatomicrefcount ref_count;
  DiMrzFormat     format;
  guint           n_lines;
  char           *lines[DI_MRZ_MAX_LINES];
  char           *fields[DI_MRZ_N_FIELDS];
  guint           protected_fields;   /* bit per DiMrzField */
  GDate           birth_date;         /* invalid when not fully known */
  GDate           expiry_date;
  gboolean        valid;
  gboolean        specimen;
  GArray         *checks;             /* DiMrzCheck */
  GArray         *warnings;           /* DiMrzWarning */
  GArray         *repairs;            /* DiMrzRepair */
  GArray         *uncertain;          /* DiMrzUncertain */
  double          confidence;
  double          weakest_unprotected;  /* the reader's least confidence where no check digit is */
};

G_DEFINE_QUARK (di-mrz-error-quark, di_mrz_error)

/* --- check digits ------------------------------------------------------------------------ */

/**
 * di_mrz_char_value:
 * @c: an MRZ character
 *
 * Returns: the value of @c in check digit computations (ICAO 9303-3 §4.9): digits their
 *   value, `A`–`Z` 10–35, the filler `<` 0; -1 for a character outside the MRZ set
 */
int
di_mrz_char_value (char c)
{
  int i = di_mrz_char_index (c);

  return i == 36 ? 0 : i;
}

/**
 * di_mrz_check_digit:
 * @data: MRZ characters
 * @length: the number of characters, or -1 if @data is NUL-terminated
 *
 * Computes the check digit of @data: weights 7, 3, 1 repeated, sum modulo 10.
 *
 * Returns: the digit 0–9, or -1 if @data holds a character outside the MRZ set
 */
int
di_mrz_check_digit (const char *data,
                    gssize      length)
{
  static const int weights[3] = { 7, 3, 1 };
  int sum = 0;

  g_return_val_if_fail (data != NULL, -1);

  if (length < 0)
    length = strlen (data);
  for (gssize i = 0; i < length; i++)
    {
      int v = di_mrz_char_value (data[i]);

      if (v < 0)
        return -1;
      sum += v * weights[i % 3];
    }
  return sum % 10;
}

/* --- reports ----------------------------------------------------------------------------- */

static DiMrzRange
span_range (const Span *span)
{
  return (DiMrzRange) { span->line, span->start, span->start + span->length };
}

static void
add_check (Report           *report,
           const char       *id,
           gboolean          ok,
           const char       *field,
           const DiMrzRange *ranges,
           guint             n_ranges,
           const char       *message)
{
  DiMrzCheck check = { id, ok ? DI_CHECK_PASS : DI_CHECK_FAIL, field, { { 0 } }, n_ranges,
                       g_strdup (message) };

  g_assert (n_ranges <= DI_MRZ_MAX_RANGES);
  if (n_ranges > 0)
    memcpy (check.ranges, ranges, n_ranges * sizeof *ranges);
  g_array_append_val (report->checks, check);
}

static void G_GNUC_PRINTF (4, 5)
add_warning (Report     *report,
             const char *id,
             DiMrzRange  range,
             const char *format,
             ...)
{
  DiMrzWarning warning = { id, range, NULL };
  va_list args;

  va_start (args, format);
  warning.message = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (report->warnings, warning);
}

static void
clear_check (gpointer data)
{
  g_free (((DiMrzCheck *) data)->message);
}

static void
clear_warning (gpointer data)
{
  g_free (((DiMrzWarning *) data)->message);
}

/* --- helpers ----------------------------------------------------------------------------- */

static const char *
span_chars (const Grid *grid,
            const Span *span)
{
  return &grid->c[span->line][span->start];
}

static gboolean
chars_in (const char *s,
          guint       length,
          CharSet     set)
{
  for (guint i = 0; i < length; i++)
    {
      int k = di_mrz_char_index (s[i]);

      if (k < 0 || !(set & ((CharSet) 1 << k)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_fillers (const char *s,
             guint       length)
{
  for (guint i = 0; i < length; i++)
    if (s[i] != '<')
      return FALSE;
  return TRUE;
}

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* TD1/TD2: a filler in place of the document number's check digit says the number goes on
 * in the optional data, up to its check digit and a filler. Returns the length of that run
 * (continuation + check digit), or -1 when the document number is not a long one. */
static int
long_number_run (const Layout *layout,
                 const Grid   *grid)
{
  const Span *cd, *opt;
  const char *s;
  int n = 0;

  if (!layout->long_document_number)
    return -1;
  cd = di_mrz_layout_find_span (layout, SPAN_DOCUMENT_NUMBER_CD);
  if (span_chars (grid, cd)[0] != '<')
    return -1;
  opt = di_mrz_layout_find_span (layout, SPAN_OPTIONAL);
  s = span_chars (grid, opt);
  while (n < opt->length && s[n] != '<')
    n++;
  return n;
}

/* --- dates ------------------------------------------------------------------------------- */

typedef struct {
  int yy, mm, dd;   /* -1: unknown (fillers) */
} RawDate;

/* Parses YYMMDD where each pair is two digits or, if `fillers_ok`, "<<". */
static gboolean
raw_date_parse (const char *s,
                gboolean    fillers_ok,
                RawDate    *out)
{
  int *parts[3] = { &out->yy, &out->mm, &out->dd };

  for (int i = 0; i < 3; i++)
    {
      char a = s[2 * i], b = s[2 * i + 1];

      if (is_digit (a) && is_digit (b))
        *parts[i] = (a - '0') * 10 + (b - '0');
      else if (fillers_ok && a == '<' && b == '<')
        *parts[i] = -1;
      else
        return FALSE;
    }
  return TRUE;
}

static gboolean
raw_date_exists (const RawDate *d,
                 int            year)
{
  if (d->mm != -1 && (d->mm < 1 || d->mm > 12))
    return FALSE;
  if (d->dd == -1)
    return TRUE;
  if (d->dd < 1 || d->dd > 31)
    return FALSE;
  if (d->mm == -1)
    return TRUE;
  /* Without a known year, 29 February is possible. */
  return d->dd <= g_date_get_days_in_month (d->mm, d->yy == -1 ? 2000 : year);
}

static int
compare_ymd (int y1, int m1, int d1,
             int y2, int m2, int d2)
{
  if (y1 != y2)
    return y1 < y2 ? -1 : 1;
  if (m1 != m2)
    return m1 < m2 ? -1 : 1;
  return d1 < d2 ? -1 : d1 > d2;
}

/* Expiry dates lie near the present: from 49 years before the reference to 50 after. */
static int
expiry_year (int          yy,
             const GDate *reference)
{
  int year = 2000 + yy;

  return year > g_date_get_year (reference) + 50 ? year - 100 : year;
}

/* Birth dates lie in the past, and not after the expiry date when that is known. */
static int
birth_year (const RawDate *d,
            const GDate   *reference,
            const GDate   *expiry)
{
  int mm = d->mm == -1 ? 1 : d->mm, dd = d->dd == -1 ? 1 : d->dd;
  int year = 2000 + d->yy;

  if (compare_ymd (year, mm, dd, g_date_get_year (reference), g_date_get_month (reference),
                   g_date_get_day (reference)) > 0)
    year -= 100;
  if (expiry != NULL && g_date_valid (expiry) && year >= 2000 &&
      compare_ymd (year, mm, dd, g_date_get_year (expiry), g_date_get_month (expiry),
                   g_date_get_day (expiry)) > 0 &&
      raw_date_exists (d, year - 100))
    year -= 100;
  return year;
}

/* --- the checks -------------------------------------------------------------------------- */

static gboolean
check_document_code (const Layout *layout,
                     const Grid   *grid,
                     const GDate  *reference,
                     Report       *report)
{
  const Span *span = di_mrz_layout_find_span (layout, SPAN_DOCUMENT_CODE);
  const char *s = span_chars (grid, span);
  DiMrzRange range = span_range (span);
  gboolean ok;
  const char *message;

  ok = chars_in (s, 1, di_mrz_layout_charset (layout, span->line, span->start)) &&
       chars_in (s + 1, 1, di_mrz_layout_charset (layout, span->line, span->start + 1));
  if (report == NULL)
    return ok;

  switch (layout->format)
    {
    case DI_MRZ_FORMAT_TD3:
      message = ok ? "The document code is that of a passport (P)."
                   : "A passport's document code must start with P.";
      break;
    case DI_MRZ_FORMAT_MRVA:
    case DI_MRZ_FORMAT_MRVB:
      message = ok ? "The document code is that of a visa (V)."
                   : "A visa's document code must start with V.";
      break;
    case DI_MRZ_FORMAT_FRA_ID:
      message = ok ? "The document code is ID." : "The French identity card's code must be ID.";
      break;
    case DI_MRZ_FORMAT_TD1:
    case DI_MRZ_FORMAT_TD2:
    case DI_MRZ_FORMAT_UNKNOWN:
    default:
      message = ok ? "The document code is that of an official travel document (A, C or I)."
                   : "The document code of a card must start with A, C or I and be letters "
                     "or fillers.";
      break;
    }
  add_check (report, "mrz.syntax.document_code", ok, "document_code", &range, 1, message);

  /* ICAO 9303-5/6 note k: the second character is the issuer's, except V, AI and AC. */
  if (ok && (layout->format == DI_MRZ_FORMAT_TD1 || layout->format == DI_MRZ_FORMAT_TD2))
    {
      if (s[1] == 'V')
        add_warning (report, "mrz.warning.document_code", range,
                     "ICAO 9303 does not allow V as the second letter of a card's code.");
      else if (s[0] == 'A' && s[1] == 'I')
        add_warning (report, "mrz.warning.document_code", range,
                     "ICAO 9303 does not allow the document code AI.");
      else if (s[0] == 'A' && s[1] == 'C')
        add_warning (report, "mrz.warning.document_code", range,
                     "The document code AC is reserved for crew member certificates.");
    }
  return ok;
}

static gboolean
check_country (const Layout *layout,
               const Grid   *grid,
               Report       *report,
               SpanKind      kind)
{
  const Span *span = di_mrz_layout_find_span (layout, kind);
  const char *s = span_chars (grid, span);
  gboolean state = kind == SPAN_ISSUING_STATE;
  const char *what = state ? "issuing state" : "nationality";
  const char *name = NULL;
  CountryKind country = COUNTRY_UNKNOWN;
  DiMrzRange range = span_range (span);
  gboolean ok;
  g_autofree char *message = NULL;

  if (chars_in (s, 3, CS_LETTERS | CS_FILLER))
    country = di_mrz_country_lookup (s, &name);
  ok = country != COUNTRY_UNKNOWN;
  if (report == NULL)
    return ok;

  if (ok)
    message = g_strdup_printf ("The %s is %s.", what, name);
  else
    message = g_strdup_printf ("The %s is not a country code of ICAO 9303.", what);
  add_check (report, state ? "mrz.syntax.issuing_state" : "mrz.syntax.nationality", ok,
             state ? "issuing_state" : "nationality", &range, 1, message);

  if (country == COUNTRY_FORMER)
    add_warning (report, "mrz.warning.former_country_code", range,
                 "The %s code (%s) has been withdrawn; only older documents carry it.", what,
                 name);
  else if (country == COUNTRY_SPECIMEN &&
           (state || memcmp (span_chars (grid, di_mrz_layout_find_span (
                                          layout, SPAN_ISSUING_STATE)), "UTO", 3) != 0))
    add_warning (report, "mrz.warning.specimen", range,
                 "UTO is the ICAO specimen state Utopia: this is a specimen, not a document "
                 "of a real state.");
  return ok;
}

static gboolean
check_issuing_state (const Layout *layout,
                     const Grid   *grid,
                     const GDate  *reference,
                     Report       *report)
{
  return check_country (layout, grid, report, SPAN_ISSUING_STATE);
}

static gboolean
check_nationality (const Layout *layout,
                   const Grid   *grid,
                   const GDate  *reference,
                   Report       *report)
{
  return check_country (layout, grid, report, SPAN_NATIONALITY);
}

static gboolean
check_name (const Layout *layout,
            const Grid   *grid,
            const GDate  *reference,
            Report       *report)
{
  const Span *spans[2];
  guint n_spans = 0;
  DiMrzRange ranges[2];
  gboolean letters_ok = TRUE, empty = FALSE;
  gboolean ok;

  if ((spans[0] = di_mrz_layout_find_span (layout, SPAN_NAME)) != NULL)
    n_spans = 1;
  else
    {
      spans[0] = di_mrz_layout_find_span (layout, SPAN_SURNAME);
      spans[1] = di_mrz_layout_find_span (layout, SPAN_GIVEN_NAMES);
      n_spans = 2;
    }

  for (guint i = 0; i < n_spans; i++)
    {
      letters_ok &= chars_in (span_chars (grid, spans[i]), spans[i]->length,
                              CS_LETTERS | CS_FILLER);
      ranges[i] = span_range (spans[i]);
    }
  /* A name must have a primary or a secondary identifier; the French card's surname
   * must be there. */
  empty = all_fillers (span_chars (grid, spans[0]), spans[0]->length);
  ok = letters_ok && !empty;
  if (report == NULL)
    return ok;

  add_check (report, "mrz.syntax.name", ok, "surname", ranges, n_spans,
             !letters_ok ? "The name holds characters other than the letters A–Z and the "
                           "filler <; ICAO 9303 allows no digits in names."
             : empty ? "The name field is empty."
             : "The name holds only letters and fillers.");
  if (!ok)
    return ok;

  for (guint i = 0; i < n_spans; i++)
    {
      const char *s = span_chars (grid, spans[i]);

      /* ICAO 9303-4 §4.2.3: a name field ending in a letter must be treated as truncated. */
      if (s[spans[i]->length - 1] != '<')
        add_warning (report, "mrz.warning.name_truncated", ranges[i],
                     "The name fills its field to the last character and may be truncated.");
    }
  if (layout->format != DI_MRZ_FORMAT_FRA_ID &&
      g_strstr_len (span_chars (grid, spans[0]), spans[0]->length, "<<") == NULL &&
      span_chars (grid, spans[0])[spans[0]->length - 1] == '<')
    add_warning (report, "mrz.warning.name_separator", ranges[0],
                 "The name has no << between primary and secondary identifier: it is read "
                 "as a surname only.");
  return ok;
}

static gboolean
check_document_number (const Layout *layout,
                       const Grid   *grid,
                       const GDate  *reference,
                       Report       *report)
{
  const Span *num = di_mrz_layout_find_span (layout, SPAN_DOCUMENT_NUMBER);
  const Span *cd = di_mrz_layout_find_span (layout, SPAN_DOCUMENT_NUMBER_CD);
  const char *s = span_chars (grid, num);
  char digit = span_chars (grid, cd)[0];
  int run = long_number_run (layout, grid);
  gboolean syntax_ok, digit_ok, variant = FALSE;
  int expected = -1;
  DiMrzRange ranges[2] = { { num->line, num->start, cd->start + 1 } };
  guint n_ranges = 1;

  syntax_ok = chars_in (s, num->length, CS_ANY) && s[0] != '<';

  if (run >= 0)
    {
      /* ICAO 9303-5 note j: principal 9 characters, a filler, then the rest of the number
       * and its check digit at the start of the optional data. */
      const Span *opt = di_mrz_layout_find_span (layout, SPAN_OPTIONAL);
      const char *rest = span_chars (grid, opt);
      char buffer[DI_MRZ_MAX_LINE_LENGTH * 2];

      ranges[n_ranges++] = (DiMrzRange) { opt->line, opt->start, opt->start + MAX (run, 1) };
      digit = run >= 1 ? rest[run - 1] : '<';
      syntax_ok &= run >= 2 && chars_in (rest, run - 1, CS_ANY);
      if (syntax_ok && is_digit (digit))
        {
          memcpy (buffer, s, num->length);
          memcpy (buffer + num->length, rest, run - 1);
          expected = di_mrz_check_digit (buffer, num->length + run - 1);
          if (expected != digit - '0')
            {
              /* The variant found on real cards counts the filler too. */
              buffer[num->length] = '<';
              memcpy (buffer + num->length + 1, rest, run - 1);
              variant = di_mrz_check_digit (buffer, num->length + run) == digit - '0';
            }
        }
    }
  else if (syntax_ok && is_digit (digit))
    expected = di_mrz_check_digit (s, num->length);

  digit_ok = expected >= 0 && (expected == digit - '0' || variant);
  if (report == NULL)
    return syntax_ok && digit_ok;

  add_check (report, "mrz.syntax.document_number", syntax_ok, "document_number",
             ranges, n_ranges,
             syntax_ok ? (run >= 0 ? "The document number is a long number, continued in the "
                                     "optional data."
                                   : "The document number holds only MRZ characters.")
             : run >= 0 ? "The document number is marked as long, but its continuation in the "
                          "optional data has no check digit."
             : s[0] == '<' ? "The document number is empty."
             : "The document number holds characters outside the MRZ set.");
  if (!syntax_ok)
    add_check (report, "mrz.check_digit.document_number", FALSE, "document_number", ranges,
               n_ranges, "The check digit of the document number could not be verified.");
  else if (!is_digit (digit))
    add_check (report, "mrz.check_digit.document_number", FALSE, "document_number", ranges,
               n_ranges, "The check digit of the document number is not a digit.");
  else
    {
      g_autofree char *message = NULL;

      if (digit_ok)
        message = g_strdup_printf ("The check digit of the document number (%c) is right.",
                                   digit);
      else
        message = g_strdup_printf ("The check digit of the document number is %c; the "
                                   "number gives %d.", digit, expected);
      add_check (report, "mrz.check_digit.document_number", digit_ok, "document_number",
                 ranges, n_ranges, message);
      if (variant)
        add_warning (report, "mrz.warning.long_number_variant", ranges[1],
                     "The long document number's check digit counts the filler before the "
                     "continuation, a variant of the ICAO 9303 computation found on real "
                     "cards.");
    }
  return syntax_ok && digit_ok;
}

static gboolean
check_date (const Layout *layout,
            const Grid   *grid,
            const GDate  *reference,
            Report       *report,
            gboolean      birth)
{
  const Span *span = di_mrz_layout_find_span (layout, birth ? SPAN_BIRTH_DATE : SPAN_EXPIRY_DATE);
  const Span *cd = di_mrz_layout_find_span (layout,
                                            birth ? SPAN_BIRTH_DATE_CD : SPAN_EXPIRY_DATE_CD);
  const char *s = span_chars (grid, span);
  const char *field = birth ? "birth_date" : "expiry_date";
  const char *what = birth ? "date of birth" : "date of expiry";
  char digit = span_chars (grid, cd)[0];
  DiMrzRange range = span_range (span), ranges[1] = { { span->line, span->start, cd->start + 1 } };
  RawDate d;
  gboolean syntax_ok, exists = FALSE, digit_ok, no_expiry;
  int expected, year = 0;

  /* Not ICAO 9303, but issued: cards without expiry (valid for life) fill the date and give
   * it the check digit 0 or a filler. */
  no_expiry = !birth && all_fillers (s, 6);
  syntax_ok = no_expiry || raw_date_parse (s, birth, &d);
  if (no_expiry)
    exists = TRUE;
  else if (syntax_ok)
    {
      year = d.yy == -1 ? 0 : birth ? birth_year (&d, reference, NULL)
                                    : expiry_year (d.yy, reference);
      exists = raw_date_exists (&d, year);
    }
  expected = di_mrz_check_digit (s, 6);
  digit_ok = (is_digit (digit) && expected == digit - '0') || (no_expiry && digit == '<');
  if (report == NULL)
    return syntax_ok && exists && digit_ok;

  {
    g_autofree char *message = NULL;

    if (no_expiry)
      message = g_strdup ("The date of expiry is empty: the document claims no end of validity.");
    else if (!syntax_ok)
      message = g_strdup_printf (birth ? "The %s must be six digits (YYMMDD), with fillers for "
                                         "unknown parts."
                                       : "The %s must be six digits (YYMMDD).", what);
    else if (!exists)
      message = g_strdup_printf ("The %s is not a date of the calendar.", what);
    else
      message = g_strdup_printf ("The %s is a date of the calendar.", what);
    add_check (report, birth ? "mrz.syntax.birth_date" : "mrz.syntax.expiry_date",
               syntax_ok && exists, field, &range, 1, message);
  }
  {
    g_autofree char *message = NULL;

    if (!is_digit (digit) && !(no_expiry && digit_ok))
      message = g_strdup_printf ("The check digit of the %s is not a digit.", what);
    else if (expected < 0)
      message = g_strdup_printf ("The check digit of the %s could not be computed: the date "
                                 "holds characters outside the MRZ set.", what);
    else if (digit_ok)
      message = g_strdup_printf ("The check digit of the %s (%c) is right.", what, digit);
    else
      message = g_strdup_printf ("The check digit of the %s is %c; the date gives %d.", what,
                                 digit, expected);
    add_check (report, birth ? "mrz.check_digit.birth_date" : "mrz.check_digit.expiry_date",
               digit_ok, field, ranges, 1, message);
  }

  if (no_expiry)
    add_warning (report, "mrz.warning.no_expiry", range,
                 "The MRZ gives no date of expiry, which ICAO 9303 does not provide for; some "
                 "states issue cards valid for life this way.");
  else if (!birth && syntax_ok && exists &&
           compare_ymd (year, d.mm, d.dd, g_date_get_year (reference),
                        g_date_get_month (reference), g_date_get_day (reference)) < 0)
    add_warning (report, "mrz.warning.expired", range,
                 "The document expired on %04d-%02d-%02d.", year, d.mm, d.dd);
  return syntax_ok && exists && digit_ok;
}

static gboolean
check_birth_date (const Layout *layout,
                  const Grid   *grid,
                  const GDate  *reference,
                  Report       *report)
{
  return check_date (layout, grid, reference, report, TRUE);
}

static gboolean
check_expiry_date (const Layout *layout,
                   const Grid   *grid,
                   const GDate  *reference,
                   Report       *report)
{
  return check_date (layout, grid, reference, report, FALSE);
}

static gboolean
check_sex (const Layout *layout,
           const Grid   *grid,
           const GDate  *reference,
           Report       *report)
{
  const Span *span = di_mrz_layout_find_span (layout, SPAN_SEX);
  char c = span_chars (grid, span)[0];
  DiMrzRange range = span_range (span);
  gboolean ok = c == 'M' || c == 'F' || c == '<' || c == 'X';

  if (report == NULL)
    return ok;
  add_check (report, "mrz.syntax.sex", ok, "sex", &range, 1,
             ok ? "The sex is M, F or unspecified."
                : "The sex must be M, F or the filler < (unspecified).");
  if (c == 'X')
    add_warning (report, "mrz.warning.sex_x", range,
                 "The MRZ shows X for an unspecified sex; ICAO 9303 prints X only in the "
                 "visual zone and < in the MRZ.");
  return ok;
}

static gboolean
check_optional (const Layout *layout,
                const Grid   *grid,
                const GDate  *reference,
                Report       *report)
{
  const Span *opt = di_mrz_layout_find_span (layout, SPAN_OPTIONAL);
  const Span *cd = di_mrz_layout_find_span (layout, SPAN_OPTIONAL_CD);
  const char *s = span_chars (grid, opt);
  int run = long_number_run (layout, grid);
  guint skip = run >= 0 ? MIN ((guint) run + 1, opt->length) : 0;
  DiMrzRange range = { opt->line, opt->start + skip, opt->start + opt->length };
  gboolean syntax_ok = chars_in (s + skip, opt->length - skip, CS_ANY);
  gboolean digit_ok = TRUE, empty = all_fillers (s, opt->length);
  char digit = 0;
  int expected = -1;

  if (cd != NULL)
    {
      /* ICAO 9303-4: an unused personal number may have 0 or < as its check digit. */
      digit = span_chars (grid, cd)[0];
      expected = di_mrz_check_digit (s, opt->length);
      digit_ok = (empty && digit == '<') || (is_digit (digit) && expected == digit - '0');
    }
  if (report == NULL)
    return syntax_ok && digit_ok;

  if (range.start < range.end)
    add_check (report, "mrz.syntax.optional_data", syntax_ok, "optional_data", &range, 1,
               syntax_ok ? "The optional data holds only MRZ characters."
                         : "The optional data holds characters outside the MRZ set.");
  if (cd != NULL)
    {
      DiMrzRange ranges[1] = { { opt->line, opt->start, cd->start + 1 } };
      g_autofree char *message = NULL;

      if (digit_ok)
        message = g_strdup_printf (empty ? "The personal number is empty and its check digit "
                                           "(%c) is one of those allowed for that."
                                         : "The check digit of the personal number (%c) is "
                                           "right.", digit);
      else if (!is_digit (digit) && !(empty && digit == '<'))
        message = g_strdup ("The check digit of the personal number is not a digit.");
      else if (expected < 0)
        message = g_strdup ("The check digit of the personal number could not be computed.");
      else
        message = g_strdup_printf ("The check digit of the personal number is %c; the data "
                                   "gives %d.", digit, expected);
      add_check (report, "mrz.check_digit.optional_data", digit_ok, "optional_data", ranges, 1,
                 message);
    }
  return syntax_ok && digit_ok;
}

static gboolean
check_optional_2 (const Layout *layout,
                  const Grid   *grid,
                  const GDate  *reference,
                  Report       *report)
{
  const Span *span = di_mrz_layout_find_span (layout, SPAN_OPTIONAL_2);
  DiMrzRange range = span_range (span);
  gboolean ok = chars_in (span_chars (grid, span), span->length, CS_ANY);

  if (report != NULL)
    add_check (report, "mrz.syntax.optional_data_2", ok, "optional_data_2", &range, 1,
               ok ? "The second optional data holds only MRZ characters."
                  : "The second optional data holds characters outside the MRZ set.");
  return ok;
}

/* The composite check digit covers the ranges of the layout, in order, as one string.
 * Returns the digit the data gives, or -1. */
int
di_mrz_composite_expected (const Layout *layout,
                           const Grid   *grid)
{
  char buffer[DI_MRZ_MAX_LINES * (DI_MRZ_MAX_LINE_LENGTH + 1)];
  gsize n = 0;

  for (guint i = 0; i < layout->n_composite; i++)
    {
      const DiMrzRange *r = &layout->composite[i];

      memcpy (buffer + n, &grid->c[r->line][r->start], r->end - r->start);
      n += r->end - r->start;
    }
  return di_mrz_check_digit (buffer, n);
}

gboolean
di_mrz_check_composite (const Layout *layout,
                        const Grid   *grid,
                        const GDate  *reference,
                        Report       *report)
{
  const Span *cd = di_mrz_layout_find_span (layout, SPAN_COMPOSITE_CD);
  char digit;
  int expected;
  gboolean ok;

  if (cd == NULL)
    return TRUE;
  digit = span_chars (grid, cd)[0];
  expected = di_mrz_composite_expected (layout, grid);
  ok = is_digit (digit) && expected == digit - '0';

  if (report != NULL)
    {
      g_autofree char *message = NULL;
      DiMrzRange ranges[DI_MRZ_MAX_RANGES];
      guint n_ranges = 0;

      for (guint i = 0; i < layout->n_composite; i++)
        ranges[n_ranges++] = layout->composite[i];
      if (ranges[n_ranges - 1].line == cd->line && ranges[n_ranges - 1].end == cd->start)
        ranges[n_ranges - 1].end++;
      else
        ranges[n_ranges++] = span_range (cd);
      if (!is_digit (digit))
        message = g_strdup ("The composite check digit is not a digit.");
      else if (expected < 0)
        message = g_strdup ("The composite check digit could not be computed: the data holds "
                            "characters outside the MRZ set.");
      else if (ok)
        message = g_strdup_printf ("The composite check digit (%c) is right.", digit);
      else
        message = g_strdup_printf ("The composite check digit is %c; the data gives %d.",
                                   digit, expected);
      add_check (report, "mrz.check_digit.composite", ok, NULL, ranges, n_ranges, message);
    }
  return ok;
}

/* --- groups ------------------------------------------------------------------------------ */

#define END N_SPAN_KINDS
#define G1(a, f) { { SPAN_##a, END }, { f }, FALSE }
#define G2(a, b, f) { { SPAN_##a, SPAN_##b, END }, { f }, FALSE }
/* groups whose checks only restrict each character on its own */
#define P1(a, f) { { SPAN_##a, END }, { f }, TRUE }
#define P2(a, b, f) { { SPAN_##a, SPAN_##b, END }, { f }, TRUE }

static const CheckGroup groups_td3[] = {
  G1 (DOCUMENT_CODE, check_document_code), G1 (ISSUING_STATE, check_issuing_state),
  P1 (NAME, check_name), G2 (DOCUMENT_NUMBER, DOCUMENT_NUMBER_CD, check_document_number),
  G1 (NATIONALITY, check_nationality), G2 (BIRTH_DATE, BIRTH_DATE_CD, check_birth_date),
  P1 (SEX, check_sex), G2 (EXPIRY_DATE, EXPIRY_DATE_CD, check_expiry_date),
  G2 (OPTIONAL, OPTIONAL_CD, check_optional), P1 (COMPOSITE_CD, NULL),
};

static const CheckGroup groups_mrv[] = {
  G1 (DOCUMENT_CODE, check_document_code), G1 (ISSUING_STATE, check_issuing_state),
  P1 (NAME, check_name), G2 (DOCUMENT_NUMBER, DOCUMENT_NUMBER_CD, check_document_number),
  G1 (NATIONALITY, check_nationality), G2 (BIRTH_DATE, BIRTH_DATE_CD, check_birth_date),
  P1 (SEX, check_sex), G2 (EXPIRY_DATE, EXPIRY_DATE_CD, check_expiry_date),
  P1 (OPTIONAL, check_optional),
};

/* TD2 and TD1: a long document number runs into the optional data, so they are one group. */
static const CheckGroup groups_td2[] = {
  G1 (DOCUMENT_CODE, check_document_code), G1 (ISSUING_STATE, check_issuing_state),
  P1 (NAME, check_name),
  { { SPAN_DOCUMENT_NUMBER, SPAN_DOCUMENT_NUMBER_CD, SPAN_OPTIONAL, END },
    { check_document_number, check_optional }, FALSE },
  G1 (NATIONALITY, check_nationality), G2 (BIRTH_DATE, BIRTH_DATE_CD, check_birth_date),
  P1 (SEX, check_sex), G2 (EXPIRY_DATE, EXPIRY_DATE_CD, check_expiry_date),
  P1 (COMPOSITE_CD, NULL),
};

static const CheckGroup groups_td1[] = {
  G1 (DOCUMENT_CODE, check_document_code), G1 (ISSUING_STATE, check_issuing_state),
  { { SPAN_DOCUMENT_NUMBER, SPAN_DOCUMENT_NUMBER_CD, SPAN_OPTIONAL, END },
    { check_document_number, check_optional }, FALSE },
  G2 (BIRTH_DATE, BIRTH_DATE_CD, check_birth_date), P1 (SEX, check_sex),
  G2 (EXPIRY_DATE, EXPIRY_DATE_CD, check_expiry_date), G1 (NATIONALITY, check_nationality),
  P1 (OPTIONAL_2, check_optional_2), P1 (COMPOSITE_CD, NULL), P1 (NAME, check_name),
};

static const CheckGroup groups_fra[] = {
  G1 (DOCUMENT_CODE, check_document_code), G1 (ISSUING_STATE, check_issuing_state),
  P2 (SURNAME, GIVEN_NAMES, check_name), P1 (OPTIONAL, check_optional),
  G2 (DOCUMENT_NUMBER, DOCUMENT_NUMBER_CD, check_document_number),
  G2 (BIRTH_DATE, BIRTH_DATE_CD, check_birth_date), P1 (SEX, check_sex),
  P1 (COMPOSITE_CD, NULL),
};

/* The checks of a layout, grouped by the spans they read; the composite check comes last
 * and reads across groups. Every position of the layout is in exactly one group. */
const CheckGroup *
di_mrz_check_groups (const Layout *layout,
                     guint        *n_groups)
{
  switch (layout->format)
    {
    case DI_MRZ_FORMAT_TD3:
      *n_groups = G_N_ELEMENTS (groups_td3);
      return groups_td3;
    case DI_MRZ_FORMAT_MRVA:
    case DI_MRZ_FORMAT_MRVB:
      *n_groups = G_N_ELEMENTS (groups_mrv);
      return groups_mrv;
    case DI_MRZ_FORMAT_TD2:
      *n_groups = G_N_ELEMENTS (groups_td2);
      return groups_td2;
    case DI_MRZ_FORMAT_TD1:
      *n_groups = G_N_ELEMENTS (groups_td1);
      return groups_td1;
    case DI_MRZ_FORMAT_FRA_ID:
      *n_groups = G_N_ELEMENTS (groups_fra);
      return groups_fra;
    case DI_MRZ_FORMAT_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
run_checks (const Layout *layout,
            const Grid   *grid,
            const GDate  *reference,
            Report       *report)
{
  const CheckGroup *groups;
  guint n_groups;
  gboolean ok = TRUE;

  groups = di_mrz_check_groups (layout, &n_groups);
  for (guint g = 0; g < n_groups; g++)
    for (guint k = 0; k < G_N_ELEMENTS (groups[g].checks) && groups[g].checks[k] != NULL; k++)
      {
        ok &= groups[g].checks[k] (layout, grid, reference, report);
        if (!ok && report == NULL)
          return FALSE;
      }
  ok &= di_mrz_check_composite (layout, grid, reference, report);
  return ok;
}

gboolean
di_mrz_grid_is_valid (const Layout *layout,
                      const Grid   *grid,
                      const GDate  *reference)
{
  return run_checks (layout, grid, reference, NULL);
}

/* --- fields ------------------------------------------------------------------------------ */

/* The value of a span: trailing fillers dropped; with `spaces`, filler runs become one space. */
static char *
span_value (const Grid *grid,
            const Span *span,
            guint       skip,
            int         length,
            gboolean    spaces)
{
  const char *s = span_chars (grid, span) + skip;
  GString *out;
  int n = length >= 0 ? length : (int) (span->length - skip);

  while (n > 0 && s[n - 1] == '<')
    n--;
  out = g_string_sized_new (n);
  for (int i = 0; i < n; i++)
    {
      if (!spaces || s[i] != '<')
        g_string_append_c (out, s[i]);
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  return g_string_free (out, FALSE);
}

static void
split_name (DiMrz      *self,
            const Grid *grid,
            const Span *span)
{
  const char *s = span_chars (grid, span);
  const char *sep = g_strstr_len (s, span->length, "<<");
  Span primary = *span, secondary = *span;

  if (sep == NULL)
    {
      self->fields[DI_MRZ_FIELD_SURNAME] = span_value (grid, span, 0, -1, TRUE);
      self->fields[DI_MRZ_FIELD_GIVEN_NAMES] = g_strdup ("");
      return;
    }
  primary.length = sep - s;
  secondary.start += primary.length + 2;
  secondary.length -= primary.length + 2;
  self->fields[DI_MRZ_FIELD_SURNAME] = span_value (grid, &primary, 0, -1, TRUE);
  self->fields[DI_MRZ_FIELD_GIVEN_NAMES] = span_value (grid, &secondary, 0, -1, TRUE);
  g_strstrip (self->fields[DI_MRZ_FIELD_GIVEN_NAMES]);
}

static char *
date_iso (const char  *raw,
          gboolean     birth,
          const GDate *reference,
          const GDate *expiry,
          GDate       *out)
{
  RawDate d;
  int year;

  if (!raw_date_parse (raw, birth, &d) || d.yy == -1)
    return NULL;
  year = birth ? birth_year (&d, reference, expiry) : expiry_year (d.yy, reference);
  if (!raw_date_exists (&d, year))
    return NULL;
  if (d.mm == -1)
    return g_strdup_printf ("%04d", year);
  if (d.dd == -1)
    return g_strdup_printf ("%04d-%02d", year, d.mm);
  g_date_set_dmy (out, d.dd, d.mm, year);
  return g_strdup_printf ("%04d-%02d-%02d", year, d.mm, d.dd);
}

static void
extract_fields (DiMrz        *self,
                const Layout *layout,
                const Grid   *grid,
                const GDate  *reference)
{
  int run = long_number_run (layout, grid);

  for (guint i = 0; i < layout->n_spans; i++)
    {
      const Span *span = &layout->spans[i];

      switch (span->kind)
        {
        case SPAN_DOCUMENT_CODE:
          self->fields[DI_MRZ_FIELD_DOCUMENT_CODE] = span_value (grid, span, 0, -1, FALSE);
          break;
        case SPAN_ISSUING_STATE:
          self->fields[DI_MRZ_FIELD_ISSUING_STATE] = span_value (grid, span, 0, -1, FALSE);
          break;
        case SPAN_NATIONALITY:
          self->fields[DI_MRZ_FIELD_NATIONALITY] = span_value (grid, span, 0, -1, FALSE);
          break;
        case SPAN_NAME:
          split_name (self, grid, span);
          break;
        case SPAN_SURNAME:
          self->fields[DI_MRZ_FIELD_SURNAME] = span_value (grid, span, 0, -1, TRUE);
          break;
        case SPAN_GIVEN_NAMES:
          self->fields[DI_MRZ_FIELD_GIVEN_NAMES] = span_value (grid, span, 0, -1, TRUE);
          break;
        case SPAN_DOCUMENT_NUMBER:
          if (run >= 1)
            {
              const Span *opt = di_mrz_layout_find_span (layout, SPAN_OPTIONAL);
              g_autofree char *principal = span_value (grid, span, 0, -1, FALSE);
              g_autofree char *rest = span_value (grid, opt, 0, run - 1, FALSE);

              self->fields[DI_MRZ_FIELD_DOCUMENT_NUMBER] = g_strconcat (principal, rest, NULL);
            }
          else
            self->fields[DI_MRZ_FIELD_DOCUMENT_NUMBER] = span_value (grid, span, 0, -1, FALSE);
          break;
        case SPAN_BIRTH_DATE:
          self->fields[DI_MRZ_FIELD_BIRTH_DATE_RAW] = g_strndup (span_chars (grid, span), 6);
          break;
        case SPAN_EXPIRY_DATE:
          self->fields[DI_MRZ_FIELD_EXPIRY_DATE_RAW] = g_strndup (span_chars (grid, span), 6);
          break;
        case SPAN_SEX:
          {
            char c = span_chars (grid, span)[0];

            self->fields[DI_MRZ_FIELD_SEX] = g_strdup (c == 'M' ? "M" : c == 'F' ? "F"
                                                       : c == '<' || c == 'X' ? "X" : "?");
          }
          break;
        case SPAN_OPTIONAL:
          {
            guint skip = run >= 0 ? MIN ((guint) run + 1, span->length) : 0;

            self->fields[DI_MRZ_FIELD_OPTIONAL_DATA] = span_value (grid, span, skip, -1, FALSE);
          }
          break;
        case SPAN_OPTIONAL_2:
          self->fields[DI_MRZ_FIELD_OPTIONAL_DATA_2] = span_value (grid, span, 0, -1, FALSE);
          break;
        case SPAN_DOCUMENT_NUMBER_CD:
        case SPAN_BIRTH_DATE_CD:
        case SPAN_EXPIRY_DATE_CD:
        case SPAN_OPTIONAL_CD:
        case SPAN_COMPOSITE_CD:
        case N_SPAN_KINDS:
        default:
          break;
        }
    }

  /* The French card is issued to French nationals only; its MRZ has no nationality field. */
  if (layout->format == DI_MRZ_FORMAT_FRA_ID)
    self->fields[DI_MRZ_FIELD_NATIONALITY] = g_strdup ("FRA");

  if (self->fields[DI_MRZ_FIELD_EXPIRY_DATE_RAW] != NULL)
    self->fields[DI_MRZ_FIELD_EXPIRY_DATE] =
      date_iso (self->fields[DI_MRZ_FIELD_EXPIRY_DATE_RAW], FALSE, reference, NULL,
                &self->expiry_date);
  if (self->fields[DI_MRZ_FIELD_BIRTH_DATE_RAW] != NULL)
    self->fields[DI_MRZ_FIELD_BIRTH_DATE] =
      date_iso (self->fields[DI_MRZ_FIELD_BIRTH_DATE_RAW], TRUE, reference, &self->expiry_date,
                &self->birth_date);
}

/* A field is protected when a check digit, its own or the composite, covers its characters. */
static void
find_protected_fields (DiMrz        *self,
                       const Layout *layout)
{
  static const struct { SpanKind kind; DiMrzField field; } map[] = {
    { SPAN_DOCUMENT_CODE, DI_MRZ_FIELD_DOCUMENT_CODE },
    { SPAN_ISSUING_STATE, DI_MRZ_FIELD_ISSUING_STATE },
    { SPAN_NAME, DI_MRZ_FIELD_SURNAME }, { SPAN_NAME, DI_MRZ_FIELD_GIVEN_NAMES },
    { SPAN_SURNAME, DI_MRZ_FIELD_SURNAME }, { SPAN_GIVEN_NAMES, DI_MRZ_FIELD_GIVEN_NAMES },
    { SPAN_DOCUMENT_NUMBER, DI_MRZ_FIELD_DOCUMENT_NUMBER },
    { SPAN_NATIONALITY, DI_MRZ_FIELD_NATIONALITY },
    { SPAN_BIRTH_DATE, DI_MRZ_FIELD_BIRTH_DATE }, { SPAN_BIRTH_DATE, DI_MRZ_FIELD_BIRTH_DATE_RAW },
    { SPAN_SEX, DI_MRZ_FIELD_SEX },
    { SPAN_EXPIRY_DATE, DI_MRZ_FIELD_EXPIRY_DATE },
    { SPAN_EXPIRY_DATE, DI_MRZ_FIELD_EXPIRY_DATE_RAW },
    { SPAN_OPTIONAL, DI_MRZ_FIELD_OPTIONAL_DATA },
    { SPAN_OPTIONAL_2, DI_MRZ_FIELD_OPTIONAL_DATA_2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      const Span *span = di_mrz_layout_find_span (layout, map[i].kind);
      gboolean covered;

      if (span == NULL)
        continue;
      switch (map[i].kind)
        {
        case SPAN_DOCUMENT_NUMBER:
        case SPAN_BIRTH_DATE:
        case SPAN_EXPIRY_DATE:
          covered = TRUE;
          break;
        case SPAN_OPTIONAL:
          covered = di_mrz_layout_find_span (layout, SPAN_OPTIONAL_CD) != NULL;
          break;
        default:
          covered = FALSE;
          break;
        }
      /* the composite covers whole spans or none of their positions */
      covered |= di_mrz_layout_composite_weight (layout, span->line, span->start) != 0;
      if (covered)
        self->protected_fields |= 1u << map[i].field;
    }
}

/* --- the object -------------------------------------------------------------------------- */

static DiMrz *
di_mrz_alloc (void)
{
  DiMrz *self = g_new0 (DiMrz, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->checks = g_array_new (FALSE, TRUE, sizeof (DiMrzCheck));
  g_array_set_clear_func (self->checks, clear_check);
  self->warnings = g_array_new (FALSE, TRUE, sizeof (DiMrzWarning));
  g_array_set_clear_func (self->warnings, clear_warning);
  self->repairs = g_array_new (FALSE, TRUE, sizeof (DiMrzRepair));
  self->uncertain = g_array_new (FALSE, TRUE, sizeof (DiMrzUncertain));
  self->confidence = 1.0;
  self->weakest_unprotected = 1.0;
  g_date_clear (&self->birth_date, 1);
  g_date_clear (&self->expiry_date, 1);
  return self;
}

DiMrz *
di_mrz_new_from_grid (const Layout *layout,
                      const Grid   *grid,
                      const GDate  *reference)
{
  DiMrz *self = di_mrz_alloc ();
  Report report = { self->checks, self->warnings };
  const char *state = span_chars (grid, di_mrz_layout_find_span (layout, SPAN_ISSUING_STATE));
  const Span *nationality = di_mrz_layout_find_span (layout, SPAN_NATIONALITY);

  self->format = layout->format;
  self->n_lines = layout->n_lines;
  for (guint i = 0; i < layout->n_lines; i++)
    self->lines[i] = g_strndup (grid->c[i], layout->line_length);

  self->valid = run_checks (layout, grid, reference, &report);
  extract_fields (self, layout, grid, reference);
  find_protected_fields (self, layout);
  self->specimen = memcmp (state, "UTO", 3) == 0 ||
                   (nationality != NULL && memcmp (span_chars (grid, nationality), "UTO", 3) == 0);
  return self;
}

static void
grid_from_lines (Grid              *grid,
                 const char *const *lines,
                 guint              n_lines,
                 guint              length)
{
  memset (grid, 0, sizeof *grid);
  for (guint i = 0; i < n_lines; i++)
    memcpy (grid->c[i], lines[i], length);
}

static DiMrz *
new_unknown_shape (char      **lines,
                   guint       n_lines)
{
  DiMrz *self = di_mrz_alloc ();
  Report report = { self->checks, self->warnings };
  GString *shape = g_string_new (NULL);
  g_autofree char *message = NULL;

  self->n_lines = MIN (n_lines, DI_MRZ_MAX_LINES);
  for (guint i = 0; i < self->n_lines; i++)
    self->lines[i] = g_strdup (lines[i]);
  for (guint i = 0; i < n_lines; i++)
    g_string_append_printf (shape, "%s%zu", i == 0 ? "" : i + 1 == n_lines ? " and " : ", ",
                            strlen (lines[i]));
  if (n_lines == 0)
    message = g_strdup ("There is no MRZ text.");
  else
    message = g_strdup_printf ("This is no MRZ of a known shape: %u line%s of %s characters; "
                               "an MRZ has 3 lines of 30, or 2 lines of 36 or of 44.",
                               n_lines, n_lines == 1 ? "" : "s", shape->str);
  g_string_free (shape, TRUE);
  add_check (&report, "mrz.format", FALSE, NULL, NULL, 0, message);
  self->confidence = 0.0;
  return self;
}

/**
 * di_mrz_grid_format:
 * @grid: MRZ text of an MRZ shape
 * @n_lines: its lines
 * @length: their length
 *
 * The format by ICAO's own rule: the line length and the document code; the French card
 * shares TD2's shape and is told by its "IDFRA" start.
 */
DiMrzFormat
di_mrz_grid_format (const Grid *grid,
                    guint       n_lines,
                    guint       length)
{
  if (n_lines == 3 && length == 30)
    return DI_MRZ_FORMAT_TD1;
  if (n_lines == 2 && length == 44)
    return grid->c[0][0] == 'V' ? DI_MRZ_FORMAT_MRVA : DI_MRZ_FORMAT_TD3;
  g_return_val_if_fail (n_lines == 2 && length == 36, DI_MRZ_FORMAT_TD2);
  if (grid->c[0][0] == 'V')
    return DI_MRZ_FORMAT_MRVB;
  return memcmp (grid->c[0], "IDFRA", 5) == 0 ? DI_MRZ_FORMAT_FRA_ID : DI_MRZ_FORMAT_TD2;
}

/* Parses MRZ text in the format di_mrz_grid_format() gives it, but for a French card whose
 * reading as a TD2 card alone holds. */
static DiMrz *
parse_grid (const Grid  *grid,
            guint        n_lines,
            guint        length,
            const GDate *reference)
{
  DiMrzFormat format = di_mrz_grid_format (grid, n_lines, length);

  if (format == DI_MRZ_FORMAT_FRA_ID)
    {
      DiMrz *fra = di_mrz_new_from_grid (di_mrz_layout_get (DI_MRZ_FORMAT_FRA_ID), grid,
                                         reference);
      DiMrz *td2;

      if (fra->valid)
        return fra;
      td2 = di_mrz_new_from_grid (di_mrz_layout_get (DI_MRZ_FORMAT_TD2), grid, reference);
      if (td2->valid)
        {
          di_mrz_unref (fra);
          return td2;
        }
      di_mrz_unref (td2);
      return fra;
    }
  return di_mrz_new_from_grid (di_mrz_layout_get (format), grid, reference);
}

/* One byte per character: printable ASCII as given, anything else (other scripts, control
 * characters, invalid UTF-8) as '?', which no MRZ check accepts. */
static char *
ascii_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_c (out, c >= 0x20 && c < 0x7f ? (char) c : c == '\t' ? ' ' : '?');
    }
  return g_string_free (out, FALSE);
}

static const GDate *
reference_or_today (const GDate *reference,
                    GDate       *today)
{
  if (reference != NULL && g_date_valid (reference))
    return reference;
  g_date_clear (today, 1);
  g_date_set_time_t (today, time (NULL));
  return today;
}

/**
 * di_mrz_parse:
 * @lines: the MRZ lines, as read
 * @n_lines: the number of lines
 * @reference: (nullable): the date against which two-digit years are placed in a century
 *   (birth dates in the past, expiry dates within 50 years); %NULL for today
 *
 * Parses and validates MRZ text. Whitespace around lines and empty lines are ignored; a
 * single line of 88, 72 or 90 characters is taken as the lines of a TD3/MRV-A, TD2/MRV-B or
 * TD1 MRZ written one after another. Text of any other shape is a result too: an MRZ of
 * format %DI_MRZ_FORMAT_UNKNOWN whose `mrz.format` check fails.
 *
 * Returns: (transfer full): the parsed MRZ, never %NULL
 */
DiMrz *
di_mrz_parse (const char *const *lines,
              guint              n_lines,
              const GDate       *reference)
{
  g_autoptr (GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  GDate today;
  Grid grid;
  gsize length = 0;
  gboolean same_length = TRUE;

  g_return_val_if_fail (lines != NULL || n_lines == 0, NULL);

  reference = reference_or_today (reference, &today);
  for (guint i = 0; i < n_lines; i++)
    {
      char *line = g_strstrip (ascii_line (lines[i]));

      if (*line == '\0')
        g_free (line);
      else
        g_ptr_array_add (kept, line);
    }

  if (kept->len == 1)
    {
      const char *one = kept->pdata[0];
      gsize n = strlen (one);
      guint parts = n == 90 ? 3 : (n == 88 || n == 72) ? 2 : 0;

      if (parts > 0)
        {
          g_autoptr (GPtrArray) split = g_ptr_array_new_with_free_func (g_free);

          for (guint i = 0; i < parts; i++)
            g_ptr_array_add (split, g_strndup (one + i * (n / parts), n / parts));
          g_ptr_array_unref (g_steal_pointer (&kept));
          kept = g_steal_pointer (&split);
        }
    }

  for (guint i = 0; i < kept->len; i++)
    {
      gsize n = strlen (kept->pdata[i]);

      if (i > 0 && n != length)
        same_length = FALSE;
      length = n;
    }
  if (!same_length || !((kept->len == 3 && length == 30) ||
                        (kept->len == 2 && (length == 36 || length == 44))))
    return new_unknown_shape ((char **) kept->pdata, kept->len);

  grid_from_lines (&grid, (const char *const *) kept->pdata, kept->len, length);
  return parse_grid (&grid, kept->len, length, reference);
}

/**
 * di_mrz_parse_text:
 * @text: MRZ lines separated by newlines
 * @reference: (nullable): as for di_mrz_parse()
 *
 * Returns: (transfer full): the parsed MRZ, never %NULL
 */
DiMrz *
di_mrz_parse_text (const char  *text,
                   const GDate *reference)
{
  g_auto (GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  lines = g_strsplit_set (text, "\r\n", -1);
  return di_mrz_parse ((const char *const *) lines, g_strv_length (lines), reference);
}

void
di_mrz_set_repair_result (DiMrz  *self,
                          GArray *repairs,
                          GArray *uncertain,
                          double  confidence,
                          double  weakest_unprotected)
{
  g_array_append_vals (self->repairs, repairs->data, repairs->len);
  g_array_append_vals (self->uncertain, uncertain->data, uncertain->len);
  self->confidence = confidence;
  self->weakest_unprotected = weakest_unprotected;
}

/* A check the caller made (the reader's confidence): failing, it makes the MRZ invalid. */
void
di_mrz_add_failed_check (DiMrz            *self,
                         const char       *id,
                         const DiMrzRange *ranges,
                         guint             n_ranges,
                         const char       *message)
{
  Report report = { self->checks, self->warnings };

  add_check (&report, id, FALSE, NULL, ranges, MIN (n_ranges, DI_MRZ_MAX_RANGES), message);
  self->valid = FALSE;
}

DiMrz *
di_mrz_ref (DiMrz *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
di_mrz_unref (DiMrz *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < DI_MRZ_MAX_LINES; i++)
    g_free (self->lines[i]);
  for (guint i = 0; i < DI_MRZ_N_FIELDS; i++)
    g_free (self->fields[i]);
  g_array_unref (self->checks);
  g_array_unref (self->warnings);
  g_array_unref (self->repairs);
  g_array_unref (self->uncertain);
  g_free (self);
}

/* --- getters ----------------------------------------------------------------------------- */

DiMrzFormat
di_mrz_get_format (const DiMrz *self)
{
  g_return_val_if_fail (self != NULL, DI_MRZ_FORMAT_UNKNOWN);
  return self->format;
}

/**
 * di_mrz_is_valid:
 * @self: an MRZ
 *
 * Returns: whether the MRZ has a known format and every check passed. Warnings (an expired
 *   document, a possibly truncated name, a specimen) do not make an MRZ invalid.
 */
gboolean
di_mrz_is_valid (const DiMrz *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->format != DI_MRZ_FORMAT_UNKNOWN && self->valid;
}

gboolean
di_mrz_is_specimen (const DiMrz *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->specimen;
}

guint
di_mrz_get_n_lines (const DiMrz *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_lines;
}

const char *
di_mrz_get_line (const DiMrz *self,
                 guint        line)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (line < self->n_lines, NULL);
  return self->lines[line];
}

/**
 * di_mrz_get_field:
 * @self: an MRZ
 * @field: which field
 *
 * Returns: (nullable): the field's value, fillers removed (names: fillers as spaces), or
 *   %NULL when the format has no such field or the value is no date of the calendar
 */
const char *
di_mrz_get_field (const DiMrz *self,
                  DiMrzField   field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < DI_MRZ_N_FIELDS, NULL);
  return self->fields[field];
}

/**
 * di_mrz_field_is_protected:
 * @self: an MRZ
 * @field: which field
 *
 * Returns: whether a check digit (the field's own or the composite) covers the field. Names,
 *   issuing state, nationality, sex and the document code are not protected in ICAO formats:
 *   an OCR error there cannot be detected by the MRZ alone.
 */
gboolean
di_mrz_field_is_protected (const DiMrz *self,
                           DiMrzField   field)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return (self->protected_fields & (1u << field)) != 0;
}

/**
 * di_mrz_get_date:
 * @self: an MRZ
 * @field: %DI_MRZ_FIELD_BIRTH_DATE or %DI_MRZ_FIELD_EXPIRY_DATE
 * @out: (out): the date
 *
 * Returns: whether the date is fully known
 */
gboolean
di_mrz_get_date (const DiMrz *self,
                 DiMrzField   field,
                 GDate       *out)
{
  const GDate *date;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field == DI_MRZ_FIELD_BIRTH_DATE || field == DI_MRZ_FIELD_EXPIRY_DATE,
                        FALSE);

  date = field == DI_MRZ_FIELD_BIRTH_DATE ? &self->birth_date : &self->expiry_date;
  if (!g_date_valid (date))
    return FALSE;
  *out = *date;
  return TRUE;
}

const DiMrzCheck *
di_mrz_get_checks (const DiMrz *self,
                   guint       *n_checks)
{
  g_return_val_if_fail (self != NULL, NULL);
  *n_checks = self->checks->len;
  return (const DiMrzCheck *) self->checks->data;
}

const DiMrzCheck *
di_mrz_find_check (const DiMrz *self,
                   const char  *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->checks->len; i++)
    if (g_str_equal (g_array_index (self->checks, DiMrzCheck, i).id, id))
      return &g_array_index (self->checks, DiMrzCheck, i);
  return NULL;
}

const DiMrzWarning *
di_mrz_get_warnings (const DiMrz *self,
                     guint       *n_warnings)
{
  g_return_val_if_fail (self != NULL, NULL);
  *n_warnings = self->warnings->len;
  return (const DiMrzWarning *) self->warnings->data;
}

const DiMrzRepair *
di_mrz_get_repairs (const DiMrz *self,
                    guint       *n_repairs)
{
  g_return_val_if_fail (self != NULL, NULL);
  *n_repairs = self->repairs->len;
  return (const DiMrzRepair *) self->repairs->data;
}

const DiMrzUncertain *
di_mrz_get_uncertain (const DiMrz *self,
                      guint       *n_uncertain)
{
  g_return_val_if_fail (self != NULL, NULL);
  *n_uncertain = self->uncertain->len;
  return (const DiMrzUncertain *) self->uncertain->data;
}

/**
 * di_mrz_get_confidence:
 * @self: an MRZ
 *
 * Returns: 1 for text given as such; for a repaired reading, the probability that every
 *   character the checks cannot confirm was read right, from the reader's confidences
 */
double
di_mrz_get_confidence (const DiMrz *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->confidence;
}

/**
 * di_mrz_get_weakest_unprotected:
 * @self: an MRZ
 *
 * Returns: for a repaired reading, the reader's least confidence in a character that no
 *   check digit covers (names, codes, sex): what the checks cannot vouch for; 1 for text
 */
double
di_mrz_get_weakest_unprotected (const DiMrz *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->weakest_unprotected;
}

const char *
di_mrz_format_to_string (DiMrzFormat format)
{
  static const char *const names[] = { NULL, "TD1", "TD2", "TD3", "MRVA", "MRVB", "FRA_ID" };

  return format < G_N_ELEMENTS (names) ? names[format] : NULL;
}

const char *
di_mrz_format_describe (DiMrzFormat format)
{
  static const char *const names[] = {
    "no known MRZ format", "TD1 (identity card, 3 lines of 30)",
    "TD2 (identity document, 2 lines of 36)", "TD3 (passport, 2 lines of 44)",
    "MRV-A (visa, 2 lines of 44)", "MRV-B (visa, 2 lines of 36)",
    "French national identity card (2 lines of 36)",
  };

  return format < G_N_ELEMENTS (names) ? names[format] : names[0];
}

const char *
di_mrz_field_to_string (DiMrzField field)
{
  static const char *const names[] = {
    "document_code", "issuing_state", "surname", "given_names", "document_number",
    "nationality", "birth_date", "sex", "expiry_date", "optional_data", "optional_data_2",
    "birth_date_raw", "expiry_date_raw",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == DI_MRZ_N_FIELDS);
  return field < DI_MRZ_N_FIELDS ? names[field] : NULL;
}

const char *
di_check_status_to_string (DiCheckStatus status)
{
  switch (status)
    {
    case DI_CHECK_PASS:
      return "pass";
    case DI_CHECK_FAIL:
      return "fail";
    case DI_CHECK_NOT_DONE:
    default:
      return "not_done";
    }
}
