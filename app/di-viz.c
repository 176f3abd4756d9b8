/* di-viz.c — does what the visual zone prints agree with the MRZ?
 *
 * The visual zone is read by OCR, so the comparison must forgive what OCR and
 * transliteration change without meaning anything (Ö printed, OE in the MRZ, O read; a
 * zero read as the letter O in a number; a name the MRZ had to cut) and nothing else: a
 * forger's altered digit or name must still differ.
 */
#define G_LOG_DOMAIN "di-viz"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "di-viz.h"

static const char *const months[] = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
                                      "SEP", "OCT", "NOV", "DEC" };

/* A name in the MRZ's terms with the transliteration digraphs folded (ICAO writes Ö as OE,
 * an OCR of the visual zone may read O): both sides are folded alike. */
static char *
fold_name (const char *name,
           gboolean    from_mrz)
{
  g_autofree char *mrz = from_mrz ? g_strdup (name) : di_mrz_transliterate_name (name);
  GString *out = g_string_new (NULL);

  g_strdelimit (mrz, "<", ' ');
  for (const char *p = mrz; *p != '\0'; p++)
    {
      if (*p == ' ')
        {
          /* a separator once; the MRZ's fillers and the visual zone's hyphens alike */
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      if (p[1] == 'E' && (*p == 'A' || *p == 'O' || *p == 'U'))
        {
          g_string_append_c (out, *p);
          p++;
          continue;
        }
      if (*p == 'A' && p[1] == 'A')
        {
          g_string_append_c (out, 'A');
          p++;
          continue;
        }
      g_string_append_c (out, *p);
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* Numbers: the letters OCR takes for digits of the same shape (O 0, I 1) count as one. */
static char *
fold_number (const char *number)
{
  GString *out = g_string_new (NULL);

  for (const char *p = number; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (g_ascii_isspace (c) || c == '<' || c == '-')
        continue;
      g_string_append_c (out, c == 'O' ? '0' : c == 'I' ? '1' : c);
    }
  return g_string_free (out, FALSE);
}

/* Letters and digits of like shape that OCR confuses in the visual zone's sans-serif (seen in
 * bench/bench-inspect: Tesseract reads T before digits as 7 or 1, S as 5 or 9, B as 8, D as O
 * under blur). A difference made only of these neither confirms nor refutes a field. */
static const char *const number_pairs[] = { "0D", "0Q", "1L", "1T", "7T", "5S", "9S", "8B",
                                            "2Z", "6G" };
static const char *const name_pairs[] = { "OD", "OQ", "DQ", "CG", "EF", "IL", "IJ", "UV" };

/* Whether two strings of one length differ only by such pairs. */
static gboolean
only_lookalikes (const char        *a,
                 const char        *b,
                 const char *const *pairs,
                 guint              n_pairs)
{
  if (strlen (a) != strlen (b))
    return FALSE;
  for (; *a != '\0'; a++, b++)
    {
      gboolean like = *a == *b;

      for (guint i = 0; i < n_pairs && !like; i++)
        like = (*a == pairs[i][0] && *b == pairs[i][1]) || (*a == pairs[i][1] && *b == pairs[i][0]);
      if (!like)
        return FALSE;
    }
  return TRUE;
}

/* A number of `min`–`max` digits, where OCR's letters of a digit's shape count as that digit
 * (O and D for 0, I and L for 1, S for 5…: in a date's day or year no letter belongs). */
static gboolean
digits_of (const char *token,
           guint       min,
           guint       max,
           int        *value)
{
  static const char letters[] = "ODQILZSGTB", digits[] = "0001125678";
  guint n = strlen (token);

  if (n < min || n > max)
    return FALSE;
  *value = 0;
  for (const char *p = token; *p != '\0'; p++)
    {
      const char *letter = strchr (letters, *p);

      if (!g_ascii_isdigit (*p) && letter == NULL)
        return FALSE;
      *value = *value * 10 + (g_ascii_isdigit (*p) ? *p - '0' : digits[letter - letters] - '0');
    }
  return TRUE;
}

/* Whether the name fills the MRZ's name zone to its last filler or beyond: the issuer may
 * have cut it short there at a space (ICAO 9303-3 §4.6), which leaves no letter at the end
 * for the truncation warning to see. */
static gboolean
name_zone_full (const DiMrz *mrz)
{
  DiMrzFormat format = di_mrz_get_format (mrz);
  const char *line;
  gsize n;

  if (format == DI_MRZ_FORMAT_FRA_ID || format == DI_MRZ_FORMAT_UNKNOWN)
    return FALSE;
  line = di_mrz_get_line (mrz, format == DI_MRZ_FORMAT_TD1 ? 2 : 0);
  n = line != NULL ? strlen (line) : 0;
  return n >= 2 && !(line[n - 1] == '<' && line[n - 2] == '<');
}

/**
 * di_viz_parse_date:
 * @text: a date as the visual zone prints it, `DD MMM YYYY`
 * @out: (out): the date
 *
 * Returns: whether @text is such a date of the calendar (letters of a digit's shape
 *   in the day and the year, which OCR gives for digits, taken as those digits)
 */
gboolean
di_viz_parse_date (const char *text,
                   GDate      *out)
{
  g_auto (GStrv) parts = NULL;
  g_autofree char *clean = g_ascii_strup (text, -1);
  int day, year, m = 0;

  parts = g_strsplit_set (g_strstrip (clean), " ", -1);
  if (g_strv_length (parts) != 3 || strlen (parts[1]) != 3 ||
      !digits_of (parts[0], 1, 2, &day) || !digits_of (parts[2], 4, 4, &year))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (strcmp (parts[1], months[i]) == 0)
      m = i + 1;
  if (m == 0 || !g_date_valid_dmy (day, m, year))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, day, m, year);
  return TRUE;
}

/**
 * di_viz_compare:
 * @field: the MRZ field the visual zone's text stands for
 * @viz: the text read in the visual zone
 * @mrz: the MRZ
 * @diagnosis: (out): a plain sentence on the outcome, without the personal data itself
 *
 * Returns: whether they agree, disagree, or the text is no value of the field at all
 */
DiVizResult
di_viz_compare (DiMrzField   field,
                const char  *viz,
                const DiMrz *mrz,
                char       **diagnosis)
{
  const char *value = di_mrz_get_field (mrz, field);
  const char *name = di_mrz_field_to_string (field);

  *diagnosis = NULL;
  /* a surname that fills the MRZ's name field leaves no room for given names */
  if (value == NULL || (field == DI_MRZ_FIELD_GIVEN_NAMES && value[0] == '\0'))
    {
      *diagnosis = g_strdelimit (g_strdup_printf ("The MRZ has no %s to compare with.", name),
                                 "_", ' ');
      return DI_VIZ_UNREADABLE;
    }
  switch (field)
    {
    case DI_MRZ_FIELD_BIRTH_DATE:
    case DI_MRZ_FIELD_EXPIRY_DATE:
      {
        GDate printed, coded;

        if (!di_viz_parse_date (viz, &printed))
          {
            *diagnosis = g_strdup ("The visual zone's date could not be read.");
            return DI_VIZ_UNREADABLE;
          }
        if (!di_mrz_get_date (mrz, field, &coded))
          {
            *diagnosis = g_strdup ("The MRZ's date is not a full date.");
            return DI_VIZ_UNREADABLE;
          }
        if (g_date_compare (&printed, &coded) == 0)
          return DI_VIZ_MATCH;
        *diagnosis = g_strdup ("The date printed in the visual zone differs from the MRZ.");
        return DI_VIZ_MISMATCH;
      }
    case DI_MRZ_FIELD_SEX:
      {
        g_autofree char *clean = g_strstrip (g_ascii_strup (viz, -1));

        if (strlen (clean) != 1 || strchr ("MFX", clean[0]) == NULL)
          {
            *diagnosis = g_strdup ("The visual zone's sex could not be read.");
            return DI_VIZ_UNREADABLE;
          }
        if (clean[0] == value[0])
          return DI_VIZ_MATCH;
        *diagnosis = g_strdup ("The sex printed in the visual zone differs from the MRZ.");
        return DI_VIZ_MISMATCH;
      }
    case DI_MRZ_FIELD_DOCUMENT_NUMBER:
      {
        g_autofree char *a = fold_number (viz), *b = fold_number (value);

        if (strlen (a) < 3)
          {
            *diagnosis = g_strdup ("The visual zone's document number could not be read.");
            return DI_VIZ_UNREADABLE;
          }
        if (g_str_equal (a, b))
          return DI_VIZ_MATCH;
        if (only_lookalikes (a, b, number_pairs, G_N_ELEMENTS (number_pairs)))
          {
            *diagnosis = g_strdup ("The visual zone's document number could not be read with "
                                   "certainty: it differs from the MRZ only in letters and "
                                   "digits of like shape.");
            return DI_VIZ_UNREADABLE;
          }
        *diagnosis = g_strdup ("The document number printed in the visual zone differs from "
                               "the MRZ.");
        return DI_VIZ_MISMATCH;
      }
    case DI_MRZ_FIELD_SURNAME:
    case DI_MRZ_FIELD_GIVEN_NAMES:
    default:
      {
        g_autofree char *a = fold_name (viz, FALSE), *b = fold_name (value, TRUE);
        const DiMrzWarning *warnings;
        gboolean truncated = FALSE;
        guint n;

        if (strlen (a) < 1)
          {
            *diagnosis = g_strdup_printf ("The visual zone's %s could not be read.",
                                          field == DI_MRZ_FIELD_SURNAME ? "surname"
                                                                       : "given names");
            return DI_VIZ_UNREADABLE;
          }
        warnings = di_mrz_get_warnings (mrz, &n);
        for (guint i = 0; i < n; i++)
          truncated |= g_str_equal (warnings[i].id, "mrz.warning.name_truncated");
        truncated |= name_zone_full (mrz);
        /* a name the MRZ cut short: its start must agree */
        if (g_str_equal (a, b) || (truncated && g_str_has_prefix (a, b)))
          return DI_VIZ_MATCH;
        if (only_lookalikes (a, b, name_pairs, G_N_ELEMENTS (name_pairs)))
          {
            *diagnosis = g_strdup_printf ("The visual zone's %s could not be read with certainty: "
                                          "it differs from the MRZ only in letters of like "
                                          "shape.", field == DI_MRZ_FIELD_SURNAME
                                                    ? "surname" : "given names");
            return DI_VIZ_UNREADABLE;
          }
        *diagnosis = g_strdup_printf ("The %s printed in the visual zone differs from the MRZ.",
                                      field == DI_MRZ_FIELD_SURNAME ? "surname" : "given names");
        return DI_VIZ_MISMATCH;
      }
    }
}
