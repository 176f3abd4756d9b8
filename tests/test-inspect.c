/* test-inspect.c — the inspection: the visual zone against the MRZ */
#include "config.h"

#include <string.h>

#include "di-viz.h"

static GDate reference;

static DiMrz *
specimen_mrz (void)
{
  const char *lines[] = { "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10" };

  return di_mrz_parse (lines, 2, &reference);
}

typedef struct {
  DiMrzField  field;
  const char *viz;
  DiVizResult expected;
} VizCase;

static const VizCase viz_cases[] = {
  { DI_MRZ_FIELD_SURNAME, "ERIKSSON", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_SURNAME, "Eriksson", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_SURNAME, "ERIKSEN", DI_VIZ_MISMATCH },
  { DI_MRZ_FIELD_SURNAME, "", DI_VIZ_UNREADABLE },
  { DI_MRZ_FIELD_GIVEN_NAMES, "ANNA MARIA", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_GIVEN_NAMES, "ANNA-MARIA", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_GIVEN_NAMES, "ANNA MARTA", DI_VIZ_MISMATCH },
  { DI_MRZ_FIELD_SURNAME, "ERIKSSDN", DI_VIZ_UNREADABLE },
  { DI_MRZ_FIELD_SURNAME, "ERIKSSAN", DI_VIZ_MISMATCH },
  { DI_MRZ_FIELD_DOCUMENT_NUMBER, "L898902C3", DI_VIZ_MATCH },
  /* OCR's O for 0 is forgiven, another digit is not */
  { DI_MRZ_FIELD_DOCUMENT_NUMBER, "L8989O2C3", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_DOCUMENT_NUMBER, "L898962C3", DI_VIZ_MISMATCH },
  /* only shapes OCR confuses differ: neither a match nor a mismatch */
  { DI_MRZ_FIELD_DOCUMENT_NUMBER, "1898902C3", DI_VIZ_UNREADABLE },
  { DI_MRZ_FIELD_DOCUMENT_NUMBER, "L8989O2G3", DI_VIZ_MISMATCH },
  { DI_MRZ_FIELD_DOCUMENT_NUMBER, "L898902C", DI_VIZ_MISMATCH },
  { DI_MRZ_FIELD_DOCUMENT_NUMBER, "L8", DI_VIZ_UNREADABLE },
  { DI_MRZ_FIELD_BIRTH_DATE, "12 AUG 1974", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_BIRTH_DATE, "12 AUG 1979", DI_VIZ_MISMATCH },
  { DI_MRZ_FIELD_BIRTH_DATE, "I2 AUG I974", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_BIRTH_DATE, "1S AUG 1974", DI_VIZ_MISMATCH },
  { DI_MRZ_FIELD_BIRTH_DATE, "12 AUG 19745", DI_VIZ_UNREADABLE },
  { DI_MRZ_FIELD_BIRTH_DATE, "12 AUG 19X4", DI_VIZ_UNREADABLE },
  { DI_MRZ_FIELD_BIRTH_DATE, "31 FEB 1974", DI_VIZ_UNREADABLE },
  { DI_MRZ_FIELD_EXPIRY_DATE, "15 APR 2012", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_EXPIRY_DATE, "15 APR 2O12", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_SEX, "F", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_SEX, " f ", DI_VIZ_MATCH },
  { DI_MRZ_FIELD_SEX, "M", DI_VIZ_MISMATCH },
  { DI_MRZ_FIELD_SEX, "FM", DI_VIZ_UNREADABLE },
};

static void
test_viz_compare (gconstpointer data)
{
  const VizCase *c = data;
  g_autoptr (DiMrz) mrz = specimen_mrz ();
  g_autofree char *diagnosis = NULL;

  g_assert_true (di_mrz_is_valid (mrz));
  g_assert_cmpint (di_viz_compare (c->field, c->viz, mrz, &diagnosis), ==, c->expected);
  g_assert_true ((diagnosis != NULL) == (c->expected != DI_VIZ_MATCH));
  /* the sentence carries no personal data */
  if (diagnosis != NULL)
    g_assert_null (strstr (diagnosis, "ERIKSSON"));
}

static void
test_viz_transliteration (void)
{
  /* Ö is OE in the MRZ; OCR may read the printed Ö as O */
  const char *lines[] = { "P<UTOBOELL<<SOEREN<<<<<<<<<<<<<<<<<<<<<<<<<<",
                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10" };
  g_autoptr (DiMrz) mrz = di_mrz_parse (lines, 2, &reference);
  g_autofree char *d1 = NULL, *d2 = NULL, *d3 = NULL;

  g_assert_cmpint (di_viz_compare (DI_MRZ_FIELD_SURNAME, "BÖLL", mrz, &d1), ==, DI_VIZ_MATCH);
  g_assert_cmpint (di_viz_compare (DI_MRZ_FIELD_SURNAME, "BOLL", mrz, &d2), ==, DI_VIZ_MATCH);
  g_assert_cmpint (di_viz_compare (DI_MRZ_FIELD_GIVEN_NAMES, "SØREN", mrz, &d3), ==, DI_VIZ_MATCH);
}

static void
test_viz_truncated (void)
{
  const char *lines[] = { "P<UTOPAPANDROPOULOUS<<ALEXANDROS<MICHAELOPOU",
                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10" };
  g_autoptr (DiMrz) mrz = di_mrz_parse (lines, 2, &reference);
  g_autofree char *d1 = NULL, *d2 = NULL;

  g_assert_cmpint (di_viz_compare (DI_MRZ_FIELD_GIVEN_NAMES, "ALEXANDROS MICHAELOPOULOS", mrz,
                                   &d1), ==, DI_VIZ_MATCH);
  g_assert_cmpint (di_viz_compare (DI_MRZ_FIELD_GIVEN_NAMES, "ALEXANDROS NIKOLAOS", mrz, &d2),
                   ==, DI_VIZ_MISMATCH);
}

/* A surname that fills the name field leaves the given names out: nothing to compare. */
static void
test_viz_no_given_names (void)
{
  const char *lines[] = { "V<UTOELANISWERIISGRIDA<BERVILAWEKE<<",
                          "V940486697JPN8803252M2709145<<<<<<<<" };
  g_autoptr (DiMrz) mrz = di_mrz_parse (lines, 2, &reference);
  g_autofree char *d1 = NULL, *d2 = NULL;

  g_assert_true (di_mrz_is_valid (mrz));
  g_assert_cmpint (di_viz_compare (DI_MRZ_FIELD_GIVEN_NAMES, "TIKARRI", mrz, &d1), ==,
                   DI_VIZ_UNREADABLE);
  g_assert_nonnull (strstr (d1, "no given names"));
  g_assert_cmpint (di_viz_compare (DI_MRZ_FIELD_SURNAME, "ELANISWERIISGRIDA BERVILAWEKE", mrz,
                                   &d2), ==, DI_VIZ_MATCH);
}

/* Given names cut short at a space, the zone filled to its last filler. */
static void
test_viz_cut_at_space (void)
{
  const char *lines[] = { "I<UTOANDORRABRO<BERVANKAR<<VANGRITI<",
                          "T646865714UTO5801143M2712309<<<<<<<2" };
  g_autoptr (DiMrz) mrz = di_mrz_parse (lines, 2, &reference);
  g_autofree char *d1 = NULL, *d2 = NULL;

  g_assert_true (di_mrz_is_valid (mrz));
  g_assert_cmpint (di_viz_compare (DI_MRZ_FIELD_GIVEN_NAMES, "VANGRITI FARA", mrz, &d1), ==,
                   DI_VIZ_MATCH);
  g_assert_cmpint (di_viz_compare (DI_MRZ_FIELD_GIVEN_NAMES, "VANGROTI FARA", mrz, &d2), ==,
                   DI_VIZ_MISMATCH);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_date_clear (&reference, 1);
  g_date_set_dmy (&reference, 23, 11, 2026);

  for (guint i = 0; i < G_N_ELEMENTS (viz_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/inspect/viz/compare/%u", i);

      g_test_add_data_func (path, &viz_cases[i], test_viz_compare);
    }
  g_test_add_func ("/inspect/viz/transliteration", test_viz_transliteration);
  g_test_add_func ("/inspect/viz/truncated", test_viz_truncated);
  g_test_add_func ("/inspect/viz/no-given-names", test_viz_no_given_names);
  g_test_add_func ("/inspect/viz/cut-at-space", test_viz_cut_at_space);
  return g_test_run ();
}
