/* di-specimen.c — the data of synthetic Utopia documents and the forgeries applied to them
 *
 * Holders are made up from syllables and the place names of More's Utopia; nothing here is
 * a real person's data. The drawing is in di-specimen-render.c.
 */
#define G_LOG_DOMAIN "di-specimen"

#include "config.h"

#include <string.h>

#include "di-specimen-private.h"

static const char *const forgery_names[DI_N_FORGERIES] = {
  "mrz_check_digit", "mrz_recomputed", "viz_altered", "photo_substituted",
  "counterfeit_paper", "mrz_ir_ink", "expired",
};

static int
forgery_index (DiForgery forgery)
{
  for (int i = 0; i < DI_N_FORGERIES; i++)
    if (forgery == (DiForgery) (1u << i))
      return i;
  return -1;
}

const char *
di_forgery_to_string (DiForgery forgery)
{
  int i = forgery_index (forgery);

  return i >= 0 ? forgery_names[i] : NULL;
}

gboolean
di_forgery_from_string (const char *text,
                        DiForgery  *out)
{
  for (int i = 0; i < DI_N_FORGERIES; i++)
    if (g_strcmp0 (text, forgery_names[i]) == 0)
      {
        *out = 1u << i;
        return TRUE;
      }
  return FALSE;
}

/**
 * di_forgery_threat_class:
 * @forgery: one forgery flag
 *
 * Returns: the ICAO 9303 threat class: `counterfeit`, `photo_substitution`,
 *   `data_alteration`, or `invalid_document` for an expired document
 */
const char *
di_forgery_threat_class (DiForgery forgery)
{
  switch (forgery)
    {
    case DI_FORGERY_COUNTERFEIT_PAPER:
      return "counterfeit";
    case DI_FORGERY_PHOTO_SUBSTITUTED:
      return "photo_substitution";
    case DI_FORGERY_EXPIRED:
      return "invalid_document";
    case DI_FORGERY_MRZ_CHECK_DIGIT:
    case DI_FORGERY_MRZ_RECOMPUTED:
    case DI_FORGERY_VIZ_ALTERED:
    case DI_FORGERY_MRZ_IR_INK:
    default:
      return "data_alteration";
    }
}

/* --- made-up holders ------------------------------------------------------------------- */

static const char *const syllables[] = {
  "AN", "BER", "DOR", "EL", "FA", "GRI", "HAL", "IS", "JO", "KAR", "LEN", "MI", "NOR", "OL",
  "PE", "RA", "SO", "TI", "UL", "VAN", "WE", "YS", "ZA", "MA", "RI", "TOR", "SEN", "LUND",
  "BRO", "KE", "DA", "NI", "GU", "STA", "VI", "HO", "ME", "LA",
};

static const char *const cities[] = {
  "AMAUROT", "ANYDER", "ABRAXA", "NOVA TERRA", "HYTHLODAY", "ACHORIA", "ZAPOLETA",
  "MACARIA", "NEPHELOGETA", "ALAOPOLITA", "POLYLERITA", "ANEMOLIA",
};

static const char *const visa_nationalities[] = {
  "D<<", "FRA", "NZL", "BRA", "JPN", "KEN", "IND", "CAN", "ITA", "MEX", "NGA", "SWE", "XXA",
};

static const char *const months[] = {
  "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
};

static char *
made_up_name (GRand *rand,
              guint  min_syllables,
              guint  max_syllables)
{
  static const char *const accented[][2] = { { "E", "É" }, { "O", "Ö" }, { "A", "Å" }, { "U", "Ü" } };
  GString *name = g_string_new (NULL);
  guint n = g_rand_int_range (rand, min_syllables, max_syllables + 1);

  for (guint i = 0; i < n; i++)
    g_string_append (name, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
  /* now and then a diacritic, for the MRZ transliteration */
  if (g_rand_int_range (rand, 0, 10) == 0)
    {
      guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (accented));
      char *at = strstr (name->str + 1, accented[k][0]);

      if (at != NULL)
        {
          gsize pos = at - name->str;

          g_string_erase (name, pos, 1);
          g_string_insert (name, pos, accented[k][1]);
        }
    }
  return g_string_free (name, FALSE);
}

static char *
made_up_surname (GRand *rand)
{
  g_autofree char *first = made_up_name (rand, 2, 4);
  int style = g_rand_int_range (rand, 0, 20);

  if (style == 0)
    {
      g_autofree char *second = made_up_name (rand, 2, 3);

      return g_strconcat (first, "-", second, NULL);
    }
  if (style == 1)
    return g_strconcat ("D'", first, NULL);
  if (style == 2)
    {
      /* long enough to be truncated in the MRZ */
      g_autofree char *second = made_up_name (rand, 4, 6);
      g_autofree char *third = made_up_name (rand, 4, 6);

      return g_strconcat (first, second, " ", third, NULL);
    }
  return g_steal_pointer (&first);
}

static char *
made_up_given_names (GRand *rand)
{
  g_autofree char *first = made_up_name (rand, 2, 3);

  if (g_rand_boolean (rand))
    {
      g_autofree char *second = made_up_name (rand, 2, 3);

      return g_strconcat (first, " ", second, NULL);
    }
  return g_steal_pointer (&first);
}

static char *
random_chars (GRand      *rand,
              const char *set,
              guint       n)
{
  char *s = g_malloc (n + 1);

  for (guint i = 0; i < n; i++)
    s[i] = set[g_rand_int_range (rand, 0, strlen (set))];
  s[n] = '\0';
  return s;
}

static char *
made_up_document_number (GRand     *rand,
                         DiDocKind  kind)
{
  const char *digits = "0123456789";
  /* no O or I, as many issuers avoid them */
  const char *alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  g_autofree char *tail = NULL;

  switch (kind)
    {
    case DI_DOC_PASSPORT:
      tail = random_chars (rand, digits, 7);
      return g_strdup_printf ("U%c%s", "ABCDEFGHJK"[g_rand_int_range (rand, 0, 10)], tail);
    case DI_DOC_ID_CARD:
      /* one card in six has a long number, continued in the optional data */
      tail = random_chars (rand, alnum, g_rand_int_range (rand, 0, 6) == 0 ? 11 : 8);
      return g_strdup_printf ("D%s", tail);
    case DI_DOC_TD2_CARD:
      tail = random_chars (rand, digits, 8);
      return g_strdup_printf ("T%s", tail);
    case DI_DOC_VISA_A:
    case DI_DOC_VISA_B:
    default:
      tail = random_chars (rand, digits, 8);
      return g_strdup_printf ("V%s", tail);
    }
}

static void
date_add_years (GDate *date,
                int    years)
{
  if (years >= 0)
    g_date_add_years (date, years);
  else
    g_date_subtract_years (date, -years);
}

static char *
viz_date (const GDate *date)
{
  return g_strdup_printf ("%02d %s %04d", g_date_get_day (date),
                          months[g_date_get_month (date) - 1], g_date_get_year (date));
}

static char *
mrz_date (const GDate *date)
{
  return g_strdup_printf ("%02d%02d%02d", g_date_get_year (date) % 100, g_date_get_month (date),
                          g_date_get_day (date));
}

static GRand *
rand_for (guint64 seed,
          guint32 stream)
{
  guint32 words[3] = { (guint32) seed, (guint32) (seed >> 32), stream };

  return g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
}

static gboolean
is_visa (DiDocKind kind)
{
  return kind == DI_DOC_VISA_A || kind == DI_DOC_VISA_B;
}

static void
make_holder (DiSpecimen *self)
{
  g_autoptr (GRand) rand = rand_for (self->seed, 1);
  int min_age = self->kind == DI_DOC_PASSPORT ? 0 : is_visa (self->kind) ? 18 : 12;
  int age = g_rand_int_range (rand, min_age, 86);
  int validity;

  self->surname = made_up_surname (rand);
  self->given_names = made_up_given_names (rand);
  self->sex = g_rand_int_range (rand, 0, 40) == 0 ? 'X' : g_rand_boolean (rand) ? 'F' : 'M';
  self->nationality = g_strdup (is_visa (self->kind)
                                ? visa_nationalities[g_rand_int_range (rand, 0,
                                                     G_N_ELEMENTS (visa_nationalities))]
                                : "UTO");

  self->birth = self->today;
  g_date_subtract_days (&self->birth, g_rand_int_range (rand, 1, 366));
  g_date_subtract_years (&self->birth, age);

  /* passports of minors and TD2 cards run 5 years, others 10, visas months */
  validity = self->kind == DI_DOC_TD2_CARD || (self->kind == DI_DOC_PASSPORT && age < 18) ? 5 : 10;
  if (is_visa (self->kind))
    {
      self->valid_from = self->today;
      g_date_subtract_days (&self->valid_from, g_rand_int_range (rand, 0, 60));
      self->issue = self->valid_from;
      g_date_subtract_days (&self->issue, g_rand_int_range (rand, 1, 30));
      self->expiry = self->valid_from;
      g_date_add_days (&self->expiry, g_rand_int_range (rand, 90, 366));
    }
  else
    {
      self->issue = self->today;
      g_date_subtract_days (&self->issue, g_rand_int_range (rand, 0, validity * 365 - 30));
      if (g_date_compare (&self->issue, &self->birth) < 0)
        self->issue = self->birth;
      self->expiry = self->issue;
      g_date_add_years (&self->expiry, validity);
      g_date_subtract_days (&self->expiry, 1);
    }

  self->document_number = made_up_document_number (rand, self->kind);
  self->personal_number = g_strdup ("");
  if ((self->kind == DI_DOC_PASSPORT || self->kind == DI_DOC_ID_CARD) &&
      strlen (self->document_number) <= 9 && g_rand_int_range (rand, 0, 10) < 4)
    {
      g_free (self->personal_number);
      self->personal_number = random_chars (rand, "0123456789", 10);
    }

  di_face_random (&self->face, rand);
  self->signature_seed = g_rand_int (rand);
  self->fibre_seed = g_rand_int (rand);

  self->viz[VIZ_BIRTH_PLACE] = g_strdup (cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (cities))]);
  self->viz[VIZ_AUTHORITY] = g_strdup (is_visa (self->kind) ? self->viz[VIZ_BIRTH_PLACE]
                                                            : "UTOPIA PASSPORT OFFICE");
  self->viz[VIZ_VISA_TYPE] = g_strdup ("C");
  self->viz[VIZ_ENTRIES] = g_strdup (g_rand_boolean (rand) ? "MULT" : "1");
  self->viz[VIZ_DURATION] = g_strdup_printf ("%d DAYS", 30 * g_rand_int_range (rand, 1, 4));
  self->viz[VIZ_REMARKS] = g_strdup ("—");
}

static DiMrzFormat
kind_format (DiDocKind kind)
{
  return di_specimen_kind_layout (kind)->mrz_format;
}

/* The document's data as the MRZ builder takes it; strings borrowed or in `store`. */
static void
mrz_data (const DiSpecimen *self,
          DiMrzData        *data,
          char             *store[2])
{
  store[0] = mrz_date (&self->birth);
  store[1] = mrz_date (&self->expiry);
  *data = (DiMrzData) {
    .format = kind_format (self->kind),
    .document_code = di_specimen_kind_layout (self->kind)->document_code,
    .issuing_state = "UTO",
    .surname = self->surname,
    .given_names = self->given_names,
    .document_number = self->document_number,
    .nationality = self->nationality,
    .birth_date = store[0],
    .sex = self->sex == 'X' ? "<" : self->sex == 'F' ? "F" : "M",
    .expiry_date = store[1],
    .optional_data = self->personal_number,
  };
}

static char **
build_mrz (const DiSpecimen *self)
{
  DiMrzData data;
  char *store[2];
  g_autoptr (GError) error = NULL;
  char **lines;

  mrz_data (self, &data, store);
  lines = di_mrz_build (&data, &error);
  /* the data is made here to fit: a failure is a bug of this file */
  if (lines == NULL)
    g_error ("specimen MRZ: %s", error->message);
  g_free (store[0]);
  g_free (store[1]);
  return lines;
}

static void
set_viz (DiSpecimen *self,
         int         slot,
         char       *value)
{
  g_free (self->viz[slot]);
  self->viz[slot] = value;
}

static char *
country_display (const char *code)
{
  const char *name;

  if (g_str_equal (code, "UTO"))
    return g_strdup ("UTOPIAN");
  name = di_mrz_country_name (code);
  return g_ascii_strup (name != NULL ? name : code, -1);
}

/* The visual zone as issued, from the data. */
static void
print_viz (DiSpecimen *self)
{
  const KindLayout *layout = di_specimen_kind_layout (self->kind);
  char code[4] = { 0 };

  g_strlcpy (code, self->nationality, sizeof code);
  g_strdelimit (code, "<", '\0');
  set_viz (self, DI_MRZ_FIELD_SURNAME, g_utf8_strup (self->surname, -1));
  set_viz (self, DI_MRZ_FIELD_GIVEN_NAMES, g_utf8_strup (self->given_names, -1));
  set_viz (self, DI_MRZ_FIELD_DOCUMENT_NUMBER, g_strdup (self->document_number));
  set_viz (self, DI_MRZ_FIELD_NATIONALITY, g_strdup (code));
  set_viz (self, VIZ_NATIONALITY_NAME, country_display (self->nationality));
  set_viz (self, DI_MRZ_FIELD_BIRTH_DATE, viz_date (&self->birth));
  set_viz (self, DI_MRZ_FIELD_SEX, g_strdup_printf ("%c", self->sex));
  set_viz (self, DI_MRZ_FIELD_EXPIRY_DATE, viz_date (&self->expiry));
  set_viz (self, DI_MRZ_FIELD_DOCUMENT_CODE, g_strdup (layout->document_code));
  set_viz (self, DI_MRZ_FIELD_ISSUING_STATE, g_strdup ("UTO"));
  set_viz (self, VIZ_TYPE, g_strdup (layout->document_code));
  set_viz (self, VIZ_CODE, g_strdup ("UTO"));
  set_viz (self, VIZ_ISSUE_DATE, viz_date (&self->issue));
  set_viz (self, VIZ_VALID_FROM, viz_date (&self->valid_from));
}

/**
 * di_specimen_new:
 * @kind: the document kind
 * @seed: every choice comes from it
 * @today: the day the document is valid on (not expired, issued before)
 *
 * Returns: (transfer full): a genuine document of a made-up holder
 */
DiSpecimen *
di_specimen_new (DiDocKind    kind,
                 guint64      seed,
                 const GDate *today)
{
  DiSpecimen *self;

  g_return_val_if_fail (kind < DI_N_DOC_KINDS, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  self = g_new0 (DiSpecimen, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->seed = seed;
  self->today = *today;
  g_date_clear (&self->valid_from, 1);
  self->valid_from = *today;
  self->must_fail = g_ptr_array_new_with_free_func (g_free);
  self->changes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->must_fail, NULL);
  g_ptr_array_add (self->changes, NULL);

  make_holder (self);
  print_viz (self);
  self->mrz = build_mrz (self);
  self->photo_face = self->face;
  self->emblem_colour[0] = 0.72;
  self->emblem_colour[1] = 1.0;
  self->emblem_colour[2] = 0.25;
  self->mrz_ir_ink = 1.0;
  return self;
}

/* --- forgeries --------------------------------------------------------------------------- */

/* Appends to a NULL-terminated GPtrArray of strings, once. */
static void
add_unique (GPtrArray  *array,
            const char *text)
{
  for (guint i = 0; i + 1 < array->len; i++)
    if (g_str_equal (array->pdata[i], text))
      return;
  g_ptr_array_insert (array, array->len - 1, g_strdup (text));
}

static void G_GNUC_PRINTF (2, 3)
add_change (DiSpecimen *self,
            const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_insert (self->changes, self->changes->len - 1, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
add_must_fail (DiSpecimen *self,
               const char *check)
{
  add_unique (self->must_fail, check);
}

static gboolean
has_composite (DiDocKind kind)
{
  DiMrzFormat f = kind_format (kind);

  return f == DI_MRZ_FORMAT_TD1 || f == DI_MRZ_FORMAT_TD2 || f == DI_MRZ_FORMAT_TD3;
}

/* A field another forgery has not taken, among the candidates. */
static DiMrzField
pick_field (GRand            *rand,
            const DiMrzField *candidates,
            guint             n,
            guint            *taken)
{
  DiMrzField free_fields[8];
  guint n_free = 0;

  for (guint i = 0; i < n; i++)
    if (!(*taken & (1u << candidates[i])))
      free_fields[n_free++] = candidates[i];
  g_assert (n_free > 0);
  {
    DiMrzField f = free_fields[g_rand_int_range (rand, 0, n_free)];

    *taken |= 1u << f;
    return f;
  }
}

static char *
viz_check (DiMrzField field)
{
  return g_strdup_printf ("viz.%s", di_mrz_field_to_string (field));
}

/* Another value for a field, as the forger would write it. */
static void
altered_value (DiSpecimen *self,
               GRand      *rand,
               DiMrzField  field,
               char      **text,     /* surname, given names, document number */
               GDate      *date)     /* dates */
{
  switch (field)
    {
    case DI_MRZ_FIELD_BIRTH_DATE:
      *date = self->birth;
      /* a younger or older holder, same day of the year where there is one */
      if (g_date_get_month (date) == 2 && g_date_get_day (date) == 29)
        g_date_set_day (date, 28);
      date_add_years (date, (g_rand_boolean (rand) ? 1 : -1) * g_rand_int_range (rand, 1, 13));
      if (g_date_compare (date, &self->today) >= 0)
        g_date_subtract_years (date, 13);
      break;
    case DI_MRZ_FIELD_EXPIRY_DATE:
      *date = self->expiry;
      if (g_date_get_month (date) == 2 && g_date_get_day (date) == 29)
        g_date_set_day (date, 28);
      g_date_add_years (date, g_rand_int_range (rand, 1, 6));
      break;
    case DI_MRZ_FIELD_DOCUMENT_NUMBER:
      {
        char *number = g_strdup (self->document_number);
        guint len = strlen (number);
        guint at = g_rand_int_range (rand, 1, len);

        /* one digit or letter changed for another of its kind */
        if (g_ascii_isdigit (number[at]))
          number[at] = '0' + (number[at] - '0' + g_rand_int_range (rand, 1, 10)) % 10;
        else
          number[at] = 'A' + (number[at] - 'A' + g_rand_int_range (rand, 1, 26)) % 26;
        *text = number;
      }
      break;
    case DI_MRZ_FIELD_SURNAME:
      *text = made_up_surname (rand);
      if (g_str_equal (*text, self->surname))
        {
          g_free (*text);
          *text = g_strconcat (self->surname, "SEN", NULL);
        }
      break;
    case DI_MRZ_FIELD_GIVEN_NAMES:
    default:
      *text = made_up_given_names (rand);
      if (g_str_equal (*text, self->given_names))
        {
          g_free (*text);
          *text = g_strconcat (self->given_names, "A", NULL);
        }
      break;
    }
}

static const char *
field_words (DiMrzField field)
{
  switch (field)
    {
    case DI_MRZ_FIELD_BIRTH_DATE:
      return "date of birth";
    case DI_MRZ_FIELD_EXPIRY_DATE:
      return "date of expiry";
    case DI_MRZ_FIELD_DOCUMENT_NUMBER:
      return "document number";
    case DI_MRZ_FIELD_SURNAME:
      return "surname";
    case DI_MRZ_FIELD_GIVEN_NAMES:
    default:
      return "given names";
    }
}

/* The MRZ built from the data with one field replaced, check digits recomputed. */
static char **
mrz_with (DiSpecimen  *self,
          DiMrzField   field,
          const char  *text,
          const GDate *date)
{
  DiSpecimen copy = *self;

  switch (field)
    {
    case DI_MRZ_FIELD_BIRTH_DATE:
      copy.birth = *date;
      break;
    case DI_MRZ_FIELD_EXPIRY_DATE:
      copy.expiry = *date;
      break;
    case DI_MRZ_FIELD_DOCUMENT_NUMBER:
      copy.document_number = (char *) text;
      break;
    case DI_MRZ_FIELD_SURNAME:
      copy.surname = (char *) text;
      break;
    case DI_MRZ_FIELD_GIVEN_NAMES:
    default:
      copy.given_names = (char *) text;
      break;
    }
  return build_mrz (&copy);
}

/* Where a field's characters are in the MRZ: the parsed check's first range. */
static gboolean
mrz_field_range (char      **lines,
                 const char *check_id,
                 DiMrzRange *out)
{
  g_autoptr (DiMrz) mrz = di_mrz_parse ((const char *const *) lines, g_strv_length (lines), NULL);
  const DiMrzCheck *check = di_mrz_find_check (mrz, check_id);

  if (check == NULL || check->n_ranges == 0)
    return FALSE;
  *out = check->ranges[0];
  return TRUE;
}

static void
forge_mrz_check_digit (DiSpecimen *self,
                       GRand      *rand,
                       guint      *taken)
{
  static const DiMrzField fields[] = {
    DI_MRZ_FIELD_DOCUMENT_NUMBER, DI_MRZ_FIELD_BIRTH_DATE, DI_MRZ_FIELD_EXPIRY_DATE,
  };
  DiMrzField field = pick_field (rand, fields, G_N_ELEMENTS (fields), taken);
  g_autofree char *check = g_strdup_printf ("mrz.check_digit.%s", di_mrz_field_to_string (field));
  g_autofree char *viz = viz_check (field);
  DiMrzRange range;
  guint at;
  char *c, old;

  g_assert (mrz_field_range (self->mrz, check, &range));
  /* dates: a digit of the year; numbers: any character but a filler or the check digit */
  if (field == DI_MRZ_FIELD_DOCUMENT_NUMBER)
    {
      do
        at = range.start + g_rand_int_range (rand, 0, 9);
      while (self->mrz[range.line][at] == '<');
    }
  else
    at = range.start + g_rand_int_range (rand, 0, 2);
  c = &self->mrz[range.line][at];
  old = *c;
  /* a value different modulo 10, so that the check digit must see it */
  if (g_ascii_isdigit (old))
    *c = '0' + (old - '0' + g_rand_int_range (rand, 1, 10)) % 10;
  else
    do
      *c = 'A' + g_rand_int_range (rand, 0, 26);
    while (di_mrz_char_value (*c) % 10 == di_mrz_char_value (old) % 10);

  add_must_fail (self, check);
  if (has_composite (self->kind))
    add_must_fail (self, "mrz.check_digit.composite");
  add_must_fail (self, viz);
  add_change (self, "MRZ %s altered at line %u, column %u (%c → %c); its check digit was left "
              "as it was.", field_words (field), range.line + 1, at + 1, old, *c);
}

static void
forge_mrz_recomputed (DiSpecimen *self,
                      GRand      *rand,
                      guint      *taken)
{
  static const DiMrzField fields[] = {
    DI_MRZ_FIELD_BIRTH_DATE, DI_MRZ_FIELD_EXPIRY_DATE, DI_MRZ_FIELD_DOCUMENT_NUMBER,
    DI_MRZ_FIELD_SURNAME,
  };
  DiMrzField field = pick_field (rand, fields, G_N_ELEMENTS (fields), taken);
  g_autofree char *text = NULL;
  g_autofree char *viz = viz_check (field);
  GDate date;

  g_date_clear (&date, 1);
  altered_value (self, rand, field, &text, &date);
  g_strfreev (self->mrz);
  self->mrz = mrz_with (self, field, text, &date);
  add_must_fail (self, viz);
  add_change (self, "MRZ %s altered and its check digits recomputed: the MRZ no longer matches "
              "the visual zone.", field_words (field));
}

static void
forge_viz (DiSpecimen *self,
           GRand      *rand,
           guint      *taken)
{
  static const DiMrzField fields[] = {
    DI_MRZ_FIELD_SURNAME, DI_MRZ_FIELD_GIVEN_NAMES, DI_MRZ_FIELD_BIRTH_DATE,
    DI_MRZ_FIELD_EXPIRY_DATE, DI_MRZ_FIELD_DOCUMENT_NUMBER,
  };
  DiMrzField field = pick_field (rand, fields, G_N_ELEMENTS (fields), taken);
  g_autofree char *text = NULL;
  g_autofree char *viz = viz_check (field);
  GDate date;

  g_date_clear (&date, 1);
  altered_value (self, rand, field, &text, &date);
  if (field == DI_MRZ_FIELD_BIRTH_DATE || field == DI_MRZ_FIELD_EXPIRY_DATE)
    set_viz (self, field, viz_date (&date));
  else
    set_viz (self, field, g_utf8_strup (text, -1));
  add_must_fail (self, viz);
  add_change (self, "Visual zone %s altered: it no longer matches the MRZ.", field_words (field));
}

/**
 * di_specimen_forge:
 * @self: a genuine specimen
 * @forgeries: #DiForgery flags
 *
 * Applies forgeries once; which field, which character, which face come from the seed, so
 * the same seed and flags forge the same way. Records the checks that must then fail and a
 * sentence per change.
 */
void
di_specimen_forge (DiSpecimen *self,
                   guint       forgeries)
{
  g_autoptr (GRand) rand = NULL;
  guint taken = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->forgeries == 0);
  g_return_if_fail ((forgeries & ~DI_FORGERY_ALL) == 0);

  rand = rand_for (self->seed, 2);
  self->forgeries = forgeries;

  if (forgeries & DI_FORGERY_EXPIRED)
    {
      /* expired between a day and three years ago; the other forgeries leave expiry alone */
      int validity = g_date_get_year (&self->expiry) - g_date_get_year (&self->issue);

      self->expiry = self->today;
      g_date_subtract_days (&self->expiry, g_rand_int_range (rand, 1, 3 * 365));
      self->issue = self->expiry;
      g_date_subtract_years (&self->issue, MAX (validity, 1));
      if (g_date_compare (&self->issue, &self->birth) < 0)
        self->birth = self->issue;
      self->valid_from = self->issue;
      print_viz (self);
      g_strfreev (self->mrz);
      self->mrz = build_mrz (self);
      taken |= 1u << DI_MRZ_FIELD_EXPIRY_DATE;
      add_must_fail (self, "doc.expired");
      add_change (self, "The document expired on %04d-%02d-%02d.",
                  g_date_get_year (&self->expiry), g_date_get_month (&self->expiry),
                  g_date_get_day (&self->expiry));
    }
  if (forgeries & DI_FORGERY_MRZ_RECOMPUTED)
    forge_mrz_recomputed (self, rand, &taken);
  if (forgeries & DI_FORGERY_MRZ_CHECK_DIGIT)
    forge_mrz_check_digit (self, rand, &taken);
  if (forgeries & DI_FORGERY_VIZ_ALTERED)
    forge_viz (self, rand, &taken);

  if (forgeries & DI_FORGERY_PHOTO_SUBSTITUTED)
    {
      di_face_random (&self->photo_face, rand);
      self->photo_dx = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double_range (rand, 0.3, 1.0);
      self->photo_dy = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double_range (rand, 0.3, 1.0);
      self->photo_angle = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double_range (rand, 0.4, 1.5);
      if (di_specimen_kind_layout (self->kind)->ghost.w > 0)
        add_must_fail (self, "photo.ghost");
      add_must_fail (self, "uv.feature.emblem_photo");
      add_must_fail (self, "uv.dull_paper");
      add_change (self, "Photo replaced by another face, pasted with cut edges; the UV emblem "
                  "over the photo is gone and the photo paper glows under UV.");
    }
  if (forgeries & DI_FORGERY_COUNTERFEIT_PAPER)
    {
      static const double wrong[][3] = { { 0.35, 0.45, 1.0 }, { 1.0, 0.55, 0.2 } };

      self->emblem_missing = g_rand_boolean (rand);
      if (!self->emblem_missing)
        memcpy (self->emblem_colour, wrong[g_rand_int_range (rand, 0, 2)], sizeof wrong[0]);
      add_must_fail (self, "uv.dull_paper");
      add_must_fail (self, "uv.fibres");
      add_must_fail (self, "uv.feature.emblem");
      add_must_fail (self, "uv.feature.emblem_photo");
      add_change (self, "Printed on office paper: bright under UV, no fibres, the UV emblem %s.",
                  self->emblem_missing ? "missing" : "in the wrong colour");
    }
  if (forgeries & DI_FORGERY_MRZ_IR_INK)
    {
      self->mrz_ir_ink = g_rand_int_range (rand, 0, 5) < 2 ? 0.0 : g_rand_double_range (rand, 0.05, 0.2);
      add_must_fail (self, "ir.mrz_contrast");
      add_change (self, "MRZ reprinted with an ink that does not absorb in the infrared: %s in "
                  "the IR image.", self->mrz_ir_ink == 0.0 ? "absent" : "faint");
    }
}

/* --- accessors --------------------------------------------------------------------------- */

DiSpecimen *
di_specimen_ref (DiSpecimen *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
di_specimen_unref (DiSpecimen *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->surname);
  g_free (self->given_names);
  g_free (self->nationality);
  g_free (self->document_number);
  g_free (self->personal_number);
  for (guint i = 0; i < N_VIZ_SLOTS; i++)
    g_free (self->viz[i]);
  g_strfreev (self->mrz);
  g_ptr_array_unref (self->must_fail);
  g_ptr_array_unref (self->changes);
  g_free (self);
}

DiDocKind
di_specimen_get_kind (const DiSpecimen *self)
{
  return self->kind;
}

guint
di_specimen_get_forgeries (const DiSpecimen *self)
{
  return self->forgeries;
}

void
di_specimen_get_size_mm (const DiSpecimen *self,
                         double           *width,
                         double           *height)
{
  const KindLayout *layout = di_specimen_kind_layout (self->kind);

  *width = layout->width;
  *height = layout->height;
}

/**
 * di_specimen_print_mrz:
 * @self: a specimen
 * @lines: MRZ lines of the shape the document prints
 *
 * Prints these lines in place of the document's MRZ; for training the MRZ reader on every
 * character, not only on those real data produces.
 */
void
di_specimen_print_mrz (DiSpecimen        *self,
                       const char *const *lines)
{
  g_return_if_fail (g_strv_length ((char **) lines) == g_strv_length (self->mrz));
  for (guint i = 0; lines[i] != NULL; i++)
    g_return_if_fail (strlen (lines[i]) == strlen (self->mrz[i]));

  g_strfreev (self->mrz);
  self->mrz = g_strdupv ((char **) lines);
}

const char *const *
di_specimen_get_mrz (const DiSpecimen *self)
{
  return (const char *const *) self->mrz;
}

const char *
di_specimen_get_viz (const DiSpecimen *self,
                     DiMrzField        field)
{
  g_return_val_if_fail (field < DI_MRZ_N_FIELDS, NULL);
  return self->viz[field];
}

const char *const *
di_specimen_get_must_fail (const DiSpecimen *self)
{
  return (const char *const *) self->must_fail->pdata;
}

const char *const *
di_specimen_get_changes (const DiSpecimen *self)
{
  return (const char *const *) self->changes->pdata;
}
