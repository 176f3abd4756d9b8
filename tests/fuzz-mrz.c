/* fuzz-mrz.c — libFuzzer harness for the MRZ parser, the repair API and the builder
 *
 * The first byte chooses what to exercise; the rest is its input. Built with -Dfuzzing=true
 * (clang); test-fuzz-corpus runs the same entry point over testdata/fuzz/mrz in every build,
 * so that crashes found once stay fixed.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "di-mrz.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
exercise (const DiMrz *mrz)
{
  const DiMrzCheck *checks;
  const DiMrzWarning *warnings;
  guint n;
  GDate date;

  di_mrz_is_valid (mrz);
  for (guint i = 0; i < di_mrz_get_n_lines (mrz); i++)
    g_assert_nonnull (di_mrz_get_line (mrz, i));
  for (guint f = 0; f < DI_MRZ_N_FIELDS; f++)
    {
      const char *value = di_mrz_get_field (mrz, f);

      if (value != NULL)
        g_assert_true (g_utf8_validate (value, -1, NULL));
      di_mrz_field_is_protected (mrz, f);
    }
  di_mrz_get_date (mrz, DI_MRZ_FIELD_BIRTH_DATE, &date);
  di_mrz_get_date (mrz, DI_MRZ_FIELD_EXPIRY_DATE, &date);
  checks = di_mrz_get_checks (mrz, &n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (checks[i].message);
      for (guint k = 0; k < checks[i].n_ranges; k++)
        g_assert_cmpuint (checks[i].ranges[k].start, <, checks[i].ranges[k].end);
    }
  warnings = di_mrz_get_warnings (mrz, &n);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (warnings[i].message);
  g_assert_cmpfloat (di_mrz_get_confidence (mrz), >=, 0.0);
  g_assert_cmpfloat (di_mrz_get_confidence (mrz), <=, 1.0);
}

static void
fuzz_parse (const uint8_t *data,
            size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (DiMrz) mrz = di_mrz_parse_text (text, NULL);

  exercise (mrz);
}

/* shape byte, then per position: a count (0–3) and that many (character, confidence) */
static void
fuzz_repair (const uint8_t *data,
             size_t         size)
{
  static const guint8 shapes[][2] = { { 3, 30 }, { 2, 36 }, { 2, 44 }, { 2, 30 }, { 1, 44 } };
  g_autoptr (DiMrzCandidates) cands = NULL;
  g_autoptr (DiMrz) mrz = NULL;
  size_t at = 1;

  if (size < 1)
    return;
  cands = di_mrz_candidates_new (shapes[data[0] % G_N_ELEMENTS (shapes)][0],
                                 shapes[data[0] % G_N_ELEMENTS (shapes)][1]);
  for (guint l = 0; l < shapes[data[0] % G_N_ELEMENTS (shapes)][0]; l++)
    for (guint c = 0; c < shapes[data[0] % G_N_ELEMENTS (shapes)][1] && at < size; c++)
      {
        guint n = data[at++] % 4;

        for (guint k = 0; k < n && at + 1 < size; k++, at += 2)
          di_mrz_candidates_add (cands, l, c, (char) data[at], data[at + 1] / 255.0f);
      }
  mrz = di_mrz_repair (cands, NULL);
  exercise (mrz);
}

/* format byte, then fields separated by '|' */
static void
fuzz_build (const uint8_t *data,
            size_t         size)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) parts = NULL;
  g_auto (GStrv) lines = NULL;
  DiMrzData d = { 0 };
  const char **slots[] = { &d.document_code, &d.issuing_state, &d.surname, &d.given_names,
                           &d.document_number, &d.nationality, &d.birth_date, &d.sex,
                           &d.expiry_date, &d.optional_data, &d.optional_data_2 };

  if (size < 1)
    return;
  d.format = data[0] % 7;
  text = g_strndup ((const char *) data + 1, size - 1);
  if (!g_utf8_validate (text, -1, NULL))
    return;
  parts = g_strsplit (text, "|", G_N_ELEMENTS (slots));
  for (guint i = 0; parts[i] != NULL && i < G_N_ELEMENTS (slots); i++)
    *slots[i] = parts[i];
  lines = di_mrz_build (&d, NULL);
  if (lines != NULL)
    {
      g_autoptr (DiMrz) mrz = di_mrz_parse ((const char *const *) lines, g_strv_length (lines),
                                            NULL);

      exercise (mrz);
      g_assert_cmpint (di_mrz_get_format (mrz), !=, DI_MRZ_FORMAT_UNKNOWN);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if (size < 1)
    return 0;
  switch (data[0] % 3)
    {
    case 0:
      fuzz_parse (data + 1, size - 1);
      break;
    case 1:
      fuzz_repair (data + 1, size - 1);
      break;
    default:
      fuzz_build (data + 1, size - 1);
      break;
    }
  return 0;
}
