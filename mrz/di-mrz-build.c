/* di-mrz-build.c — write the MRZ of a document from its data (specimens and exercises) */
#define G_LOG_DOMAIN "di-mrz"

#include "config.h"

#include <string.h>

#include "di-mrz-private.h"

/* ICAO 9303-3 §6 recommends these for the MRZ; the rest goes through GLib's ASCII table. */
static const struct {
  const char *from;
  const char *to;
} transliterations[] = {
  { "Ä", "AE" }, { "ä", "AE" }, { "Ö", "OE" }, { "ö", "OE" }, { "Ü", "UE" }, { "ü", "UE" },
  { "ß", "SS" }, { "Å", "AA" }, { "å", "AA" }, { "Æ", "AE" }, { "æ", "AE" }, { "Ø", "OE" },
  { "ø", "OE" }, { "Þ", "TH" }, { "þ", "TH" }, { "Œ", "OE" }, { "œ", "OE" }, { "Ĳ", "IJ" },
  { "ĳ", "IJ" },
};

/**
 * di_mrz_transliterate_name:
 * @name: a name as printed in the visual zone (UTF-8)
 *
 * Writes a name in the MRZ character set (ICAO 9303-3 §4.6, §6): letters in capitals with
 * diacritics transliterated, apostrophes dropped, spaces, hyphens and commas as one filler
 * each, other punctuation dropped.
 *
 * Returns: (transfer full): the MRZ form, possibly empty
 */
char *
di_mrz_transliterate_name (const char *name)
{
  GString *expanded = g_string_new (NULL);
  g_autofree char *ascii = NULL;
  GString *out;

  g_return_val_if_fail (name != NULL, NULL);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize n = g_utf8_next_char (p) - p;
      guint i;

      for (i = 0; i < G_N_ELEMENTS (transliterations); i++)
        if (strlen (transliterations[i].from) == n && memcmp (p, transliterations[i].from, n) == 0)
          break;
      if (i < G_N_ELEMENTS (transliterations))
        g_string_append (expanded, transliterations[i].to);
      else
        g_string_append_len (expanded, p, n);
    }
  ascii = g_str_to_ascii (expanded->str, "C");
  g_string_free (expanded, TRUE);

  out = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c >= 'A' && c <= 'Z')
        g_string_append_c (out, c);
      else if ((c == ' ' || c == '-' || c == ',' || c == '<') && out->len > 0 &&
               out->str[out->len - 1] != '<')
        g_string_append_c (out, '<');
    }
  while (out->len > 0 && out->str[out->len - 1] == '<')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static gboolean
put (Grid         *grid,
     const Layout *layout,
     SpanKind      kind,
     const char   *value,
     const char   *what,
     CharSet       allowed,
     GError      **error)
{
  const Span *span = di_mrz_layout_find_span (layout, kind);
  gsize n = value != NULL ? strlen (value) : 0;

  if (span == NULL || n == 0)
    return TRUE;
  if (n > span->length)
    {
      g_set_error (error, DI_MRZ_ERROR, DI_MRZ_ERROR_FIELD_TOO_LONG,
                   "The %s has %zu characters; the %s MRZ holds %u.", what, n,
                   di_mrz_format_to_string (layout->format), span->length);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      int k = di_mrz_char_index (value[i]);

      if (k < 0 || !(allowed & ((CharSet) 1 << k)))
        {
          g_set_error (error, DI_MRZ_ERROR, DI_MRZ_ERROR_BAD_CHARACTER,
                       "The %s holds a character that its MRZ field does not allow.", what);
          return FALSE;
        }
    }
  memcpy (&grid->c[span->line][span->start], value, n);
  return TRUE;
}

static char
digit_char (int digit)
{
  return digit < 0 ? '<' : '0' + digit;
}

static void
put_check_digit (Grid         *grid,
                 const Layout *layout,
                 SpanKind      data,
                 SpanKind      check)
{
  const Span *d = di_mrz_layout_find_span (layout, data);
  const Span *c = di_mrz_layout_find_span (layout, check);

  if (d != NULL && c != NULL)
    grid->c[c->line][c->start] = digit_char (di_mrz_check_digit (&grid->c[d->line][d->start],
                                                                 d->length));
}

/* The name field: primary and secondary identifiers joined by <<, cut to the field. */
static char *
name_field (const DiMrzData *data,
            guint            length)
{
  g_autofree char *surname = di_mrz_transliterate_name (data->surname != NULL ? data->surname : "");
  g_autofree char *given = di_mrz_transliterate_name (data->given_names != NULL
                                                      ? data->given_names : "");
  char *name = *given != '\0' ? g_strconcat (surname, "<<", given, NULL) : g_strdup (surname);

  if (strlen (name) > length)
    name[length] = '\0';
  return name;
}

/* The French card separates given names with << and has fixed fields. */
static char *
french_given_names (const char *given_names)
{
  g_auto (GStrv) names = g_strsplit (given_names != NULL ? given_names : "", " ", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *one = di_mrz_transliterate_name (names[i]);

      if (*one == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, "<<");
      g_string_append (out, one);
    }
  if (out->len > 14)
    g_string_truncate (out, 14);
  return g_string_free (out, FALSE);
}

static char
sex_char (const char *sex)
{
  if (sex == NULL || *sex == '\0')
    return '<';
  if (sex[0] == 'M' || sex[0] == 'F')
    return sex[0];
  /* ICAO: X in the visual zone, a filler in the MRZ */
  return '<';
}

/**
 * di_mrz_build:
 * @data: the document's data; names as printed in the visual zone
 * @error: return location for a #GError
 *
 * Writes the MRZ lines of @data with every check digit computed. A document number longer
 * than nine characters is written as ICAO 9303-5 note j says on TD1 and TD2 (principal part,
 * a filler, the rest and its check digit at the start of the optional data).
 *
 * Returns: (transfer full): the lines, %NULL-terminated, or %NULL with @error set when a
 *   field does not fit its place or holds characters outside the MRZ set
 */
char **
di_mrz_build (const DiMrzData *data,
              GError         **error)
{
  const Layout *layout;
  Grid grid;
  g_autofree char *name = NULL, *code = NULL, *state = NULL, *nationality = NULL;
  g_autofree char *number = NULL, *optional = NULL;
  const Span *num_span, *sex_span;
  char **lines;

  g_return_val_if_fail (data != NULL, NULL);

  layout = di_mrz_layout_get (data->format);
  if (layout == NULL)
    {
      g_set_error_literal (error, DI_MRZ_ERROR, DI_MRZ_ERROR_BAD_FORMAT,
                           "No MRZ format was given.");
      return NULL;
    }

  memset (&grid, 0, sizeof grid);
  for (guint l = 0; l < layout->n_lines; l++)
    memset (grid.c[l], '<', layout->line_length);

  code = g_strdup (data->document_code != NULL ? data->document_code : "");
  state = g_strdup (data->issuing_state != NULL ? data->issuing_state : "");
  nationality = g_strdup (data->nationality != NULL ? data->nationality : "");
  number = g_strdup (data->document_number != NULL ? data->document_number : "");
  optional = g_strdup (data->optional_data != NULL ? data->optional_data : "");

  num_span = di_mrz_layout_find_span (layout, SPAN_DOCUMENT_NUMBER);
  if (strlen (number) > num_span->length && layout->long_document_number)
    {
      /* principal part in place, the rest with its check digit in the optional data */
      char *rest = g_strdup_printf ("%s%c<%s", number + num_span->length,
                                    digit_char (di_mrz_check_digit (number, -1)), optional);

      g_free (optional);
      optional = rest;
      number[num_span->length] = '\0';
    }

  if (layout->format == DI_MRZ_FORMAT_FRA_ID)
    {
      g_autofree char *surname = di_mrz_transliterate_name (data->surname != NULL
                                                            ? data->surname : "");
      g_autofree char *given = french_given_names (data->given_names);

      if (strlen (surname) > 25)
        surname[25] = '\0';
      if (!put (&grid, layout, SPAN_SURNAME, surname, "surname", CS_LETTERS | CS_FILLER, error) ||
          !put (&grid, layout, SPAN_GIVEN_NAMES, given, "given names", CS_LETTERS | CS_FILLER,
                error))
        return NULL;
    }
  else
    {
      name = name_field (data, di_mrz_layout_find_span (layout, SPAN_NAME)->length);
      if (!put (&grid, layout, SPAN_NAME, name, "name", CS_LETTERS | CS_FILLER, error))
        return NULL;
    }

  if (!put (&grid, layout, SPAN_DOCUMENT_CODE, code, "document code", CS_LETTERS | CS_FILLER,
            error) ||
      !put (&grid, layout, SPAN_ISSUING_STATE, state, "issuing state", CS_LETTERS | CS_FILLER,
            error) ||
      !put (&grid, layout, SPAN_NATIONALITY, nationality, "nationality",
            CS_LETTERS | CS_FILLER, error) ||
      !put (&grid, layout, SPAN_DOCUMENT_NUMBER, number, "document number", CS_ANY, error) ||
      !put (&grid, layout, SPAN_BIRTH_DATE, data->birth_date, "date of birth",
            CS_DIGITS | CS_FILLER, error) ||
      !put (&grid, layout, SPAN_EXPIRY_DATE, data->expiry_date, "date of expiry", CS_DIGITS,
            error) ||
      !put (&grid, layout, SPAN_OPTIONAL, optional, "optional data", CS_ANY, error) ||
      !put (&grid, layout, SPAN_OPTIONAL_2, data->optional_data_2, "second optional data",
            CS_ANY, error))
    return NULL;

  sex_span = di_mrz_layout_find_span (layout, SPAN_SEX);
  grid.c[sex_span->line][sex_span->start] = sex_char (data->sex);

  if (strlen (data->document_number != NULL ? data->document_number : "") > num_span->length)
    {
      const Span *cd = di_mrz_layout_find_span (layout, SPAN_DOCUMENT_NUMBER_CD);

      grid.c[cd->line][cd->start] = '<';
    }
  else
    put_check_digit (&grid, layout, SPAN_DOCUMENT_NUMBER, SPAN_DOCUMENT_NUMBER_CD);
  put_check_digit (&grid, layout, SPAN_BIRTH_DATE, SPAN_BIRTH_DATE_CD);
  put_check_digit (&grid, layout, SPAN_EXPIRY_DATE, SPAN_EXPIRY_DATE_CD);
  if (di_mrz_layout_find_span (layout, SPAN_OPTIONAL_CD) != NULL && *optional != '\0')
    put_check_digit (&grid, layout, SPAN_OPTIONAL, SPAN_OPTIONAL_CD);

  if (layout->n_composite > 0)
    {
      const Span *cd = di_mrz_layout_find_span (layout, SPAN_COMPOSITE_CD);

      grid.c[cd->line][cd->start] = digit_char (di_mrz_composite_expected (layout, &grid));
    }

  lines = g_new0 (char *, layout->n_lines + 1);
  for (guint l = 0; l < layout->n_lines; l++)
    lines[l] = g_strndup (grid.c[l], layout->line_length);
  return lines;
}
