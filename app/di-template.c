/* di-template.c — reference templates of document types (format: templates/README.md)
 *
 * One parser reads template.ini and collects every problem it meets as a sentence, so that
 * `templates validate` can list them all while di_template_load stops at the first.
 */
#define G_LOG_DOMAIN "di-template"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "di-image.h"
#include "di-ocr.h"
#include "di-scan-set.h"
#include "di-template.h"

#define TEMPLATE_INI "template.ini"
#define MAX_INI_BYTES (1024 * 1024)
#define MIN_DPI 150.0
#define MAX_DPI 600.0
#define DEFAULT_DATE_FORMAT "DD MMM YYYY"
#define MM_PER_INCH 25.4
/* rectangles may touch the page border despite rounding in their decimal form */
#define EDGE_SLACK_MM 1e-6
/* reference images: their size within 1% of the page at dpi */
#define SIZE_TOLERANCE 0.01
/* create: the scans' aspect ratio within 2% of the page's */
#define ASPECT_TOLERANCE 0.02

struct _DiTemplate {
  gatomicrefcount ref_count;
  char           *dir;
  char           *id;
  char           *name;
  char           *issuing_state;
  char           *document_code;
  DiMrzFormat     mrz_format;
  double          width_mm;
  double          height_mm;
  double          dpi;
  gboolean        specimen;
  char           *images[DI_N_LIGHTS];   /* file names inside dir */
  gboolean        has_mrz_rect;
  DiRect          mrz_rect;
  GArray         *features;              /* DiTemplateFeature */
  GArray         *viz;                   /* DiTemplateViz */
};

G_DEFINE_QUARK (di-template-error-quark, di_template_error)

static const char *const method_names[DI_N_METHODS] = {
  "luminance", "pattern", "fibres", "print_contrast", "dropout", "visible", "ghost_match",
};

static const char *const default_images[DI_N_LIGHTS] = { "white.png", "uv.png", "ir.png" };

static const char *const template_keys[] = {
  "id", "name", "issuing_state", "document_code", "mrz_format", "width_mm", "height_mm", "dpi",
  "white", "uv", "ir", "specimen", NULL,
};
static const char *const mrz_keys[] = { "rect_mm", NULL };
static const char *const viz_keys[] = { "rect_mm", "format", NULL };
static const char *const feature_keys[] = {
  "check", "light", "rects_mm", "method", "threshold", "compare", "critical", "colours",
  "compare_with_mm", "description", NULL,
};

/* --- the object -------------------------------------------------------------------------- */

static void
feature_clear (gpointer data)
{
  DiTemplateFeature *feature = data;

  g_free (feature->name);
  g_free (feature->check);
  g_clear_pointer (&feature->rects, g_array_unref);
  g_clear_pointer (&feature->colours, g_array_unref);
  g_free (feature->description);
}

static void
viz_clear (gpointer data)
{
  DiTemplateViz *viz = data;

  g_free (viz->format);
}

static DiTemplate *
template_new (const char *dir)
{
  DiTemplate *self = g_new0 (DiTemplate, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->dir = g_strdup (dir);
  self->features = g_array_new (FALSE, TRUE, sizeof (DiTemplateFeature));
  g_array_set_clear_func (self->features, feature_clear);
  self->viz = g_array_new (FALSE, TRUE, sizeof (DiTemplateViz));
  g_array_set_clear_func (self->viz, viz_clear);
  return self;
}

/**
 * di_template_ref:
 * @self: a template
 *
 * Returns: (transfer full): @self, with one more reference
 */
DiTemplate *
di_template_ref (DiTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * di_template_unref:
 * @self: a template
 *
 * Drops a reference; the last one frees the template.
 */
void
di_template_unref (DiTemplate *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->dir);
  g_free (self->id);
  g_free (self->name);
  g_free (self->issuing_state);
  g_free (self->document_code);
  for (guint i = 0; i < DI_N_LIGHTS; i++)
    g_free (self->images[i]);
  g_array_unref (self->features);
  g_array_unref (self->viz);
  g_free (self);
}

/* --- reading values ---------------------------------------------------------------------- */

static void G_GNUC_PRINTF (3, 4)
add_problem (GPtrArray  *problems,
             const char *group,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  g_autofree char *sentence = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* values quoted from the file may hold any byte: keep the sentence valid UTF-8, one line */
  sentence = g_utf8_make_valid (message, -1);
  for (char *p = sentence; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      *p = ' ';
  if (group != NULL)
    g_ptr_array_add (problems, g_strdup_printf ("[%s] %s", group, sentence));
  else
    g_ptr_array_add (problems, g_steal_pointer (&sentence));
}

/* A number written alone, finite, in the C locale. */
static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end;
  double value;

  if (*copy == '\0')
    return FALSE;
  value = g_ascii_strtod (copy, &end);
  if (*end != '\0' || !isfinite (value))
    return FALSE;
  *out = value;
  return TRUE;
}

/* The value of a key, stripped; NULL when absent (a problem if `required`) or unreadable. */
static char *
get_string (GKeyFile   *kf,
            const char *group,
            const char *key,
            gboolean    required,
            GPtrArray  *problems)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = g_key_file_get_string (kf, group, key, &error);

  if (value == NULL)
    {
      if (g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
        {
          if (required)
            add_problem (problems, group, "The required key %s is missing.", key);
        }
      else
        add_problem (problems, group, "%s cannot be read: %s.", key, error->message);
      return NULL;
    }
  g_strstrip (value);
  if (*value == '\0' && required)
    {
      add_problem (problems, group, "The required key %s is empty.", key);
      return NULL;
    }
  return g_steal_pointer (&value);
}

static gboolean
get_number (GKeyFile   *kf,
            const char *group,
            const char *key,
            double     *out,
            GPtrArray  *problems)
{
  g_autofree char *text = get_string (kf, group, key, TRUE, problems);

  if (text == NULL)
    return FALSE;
  if (!parse_number (text, out))
    {
      add_problem (problems, group, "%s '%s' is not a finite number.", key, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_boolean (GKeyFile   *kf,
             const char *group,
             const char *key,
             gboolean    fallback,
             GPtrArray  *problems)
{
  g_autofree char *text = get_string (kf, group, key, FALSE, problems);

  if (text == NULL)
    return fallback;
  if (g_str_equal (text, "true"))
    return TRUE;
  if (g_str_equal (text, "false"))
    return FALSE;
  add_problem (problems, group, "%s '%s' is neither true nor false.", key, text);
  return fallback;
}

/* "x<sep>y<sep>w<sep>h": four numbers separated by any character of `seps`. */
static gboolean
parse_rect (const char *text,
            const char *seps,
            DiRect     *out)
{
  g_auto (GStrv) parts = g_strsplit_set (text, seps, -1);
  double v[4];

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    if (!parse_number (parts[i], &v[i]))
      return FALSE;
  *out = (DiRect) { v[0], v[1], v[2], v[3] };
  return TRUE;
}

typedef struct {
  gboolean known;   /* the page size is valid */
  double   width;
  double   height;
} Page;

/* Reports a rectangle with a non-positive size or outside the page. */
static gboolean
check_rect (const DiRect *rect,
            const Page   *page,
            const char   *group,
            const char   *what,
            char          sep,
            GPtrArray    *problems)
{
  if (rect->w <= 0 || rect->h <= 0)
    {
      add_problem (problems, group,
                   "%s %g%c%g%c%g%c%g has a width or height that is not positive.",
                   what, rect->x, sep, rect->y, sep, rect->w, sep, rect->h);
      return FALSE;
    }
  if (page->known &&
      (rect->x < 0 || rect->y < 0 || rect->x + rect->w > page->width + EDGE_SLACK_MM ||
       rect->y + rect->h > page->height + EDGE_SLACK_MM))
    {
      add_problem (problems, group, "%s %g%c%g%c%g%c%g lies outside the %g x %g mm page.", what,
                   rect->x, sep, rect->y, sep, rect->w, sep, rect->h, page->width,
                   page->height);
      return FALSE;
    }
  return TRUE;
}

/* One rectangle: four numbers. The README writes them `x;y;w;h` for rect_mm and `x,y,w,h` in
 * feature groups; either separator is taken, as four numbers cannot be misread. */
static gboolean
get_rect (GKeyFile   *kf,
          const char *group,
          const char *key,
          const Page *page,
          DiRect     *out,
          GPtrArray  *problems)
{
  g_autofree char *text = get_string (kf, group, key, TRUE, problems);

  if (text == NULL)
    return FALSE;
  if (!parse_rect (text, ";,", out))
    {
      add_problem (problems, group, "%s '%s' is not a rectangle x;y;w;h in millimetres.", key,
                   text);
      return FALSE;
    }
  return check_rect (out, page, group, key, ';', problems);
}

/* Items of a `;`-separated list, stripped; empty items (a trailing `;`) dropped. */
static GPtrArray *
split_list (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ";", -1);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *item = g_strstrip (g_strdup (parts[i]));

      if (*item != '\0')
        g_ptr_array_add (items, item);
      else
        g_free (item);
    }
  return items;
}

static gboolean
parse_colour (const char *text,
              guint32    *out)
{
  guint32 value = 0;

  if (strlen (text) != 7 || text[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      value = value << 4 | (guint32) digit;
    }
  *out = value;
  return TRUE;
}

static gboolean
matches_charset (const char *text,
                 const char *extra)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p) && strchr (extra, *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_upper_letters (const char *text,
                  gsize       max_length)
{
  gsize n = strlen (text);

  if (n == 0 || n > max_length)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_check_id (const char *text)
{
  if (*text == '\0' || *text == '.')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/* A date layout made of DD, MM or MMM, YY or YYYY (each once) and separators. */
static gboolean
is_date_format (const char *text)
{
  guint day = 0, month = 0, year = 0;

  for (const char *p = text; *p != '\0';)
    {
      if (g_str_has_prefix (p, "YYYY"))
        year++, p += 4;
      else if (g_str_has_prefix (p, "YY"))
        year++, p += 2;
      else if (g_str_has_prefix (p, "MMM"))
        month++, p += 3;
      else if (g_str_has_prefix (p, "MM"))
        month++, p += 2;
      else if (g_str_has_prefix (p, "DD"))
        day++, p += 2;
      else if (strchr (" ./-", *p) != NULL)
        p++;
      else
        return FALSE;
    }
  return day == 1 && month == 1 && year == 1;
}

static gboolean
is_date_field (DiMrzField field)
{
  return field == DI_MRZ_FIELD_BIRTH_DATE || field == DI_MRZ_FIELD_EXPIRY_DATE;
}

/* The fields a visual zone prints: every MRZ field but the raw dates. */
static gboolean
viz_field_from_string (const char *text,
                       DiMrzField *out)
{
  for (guint i = 0; i < DI_MRZ_N_FIELDS; i++)
    if (i != DI_MRZ_FIELD_BIRTH_DATE_RAW && i != DI_MRZ_FIELD_EXPIRY_DATE_RAW &&
        g_strcmp0 (text, di_mrz_field_to_string (i)) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static char *
viz_field_names (void)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < DI_MRZ_N_FIELDS; i++)
    if (i != DI_MRZ_FIELD_BIRTH_DATE_RAW && i != DI_MRZ_FIELD_EXPIRY_DATE_RAW)
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                              di_mrz_field_to_string (i));
  return g_string_free (names, FALSE);
}

static gboolean
method_from_string (const char *text,
                    DiMethod   *out)
{
  for (guint i = 0; i < DI_N_METHODS; i++)
    if (g_strcmp0 (text, method_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
mrz_format_from_string (const char  *text,
                        DiMrzFormat *out)
{
  for (DiMrzFormat f = DI_MRZ_FORMAT_TD1; di_mrz_format_to_string (f) != NULL; f++)
    if (g_str_equal (text, di_mrz_format_to_string (f)))
      {
        *out = f;
        return TRUE;
      }
  return FALSE;
}

/* Keys outside the format are reported: a misspelt `critical` would silently leave a
 * feature critical. Translations of name and description (`name[fr]`) are allowed. */
static void
check_keys (GKeyFile          *kf,
            const char        *group,
            const char *const *known,
            GPtrArray         *problems)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *base = g_strdup (keys[i]);
      char *bracket = strchr (base, '[');

      if (bracket != NULL && (g_str_has_prefix (base, "name[") ||
                              g_str_has_prefix (base, "description[")))
        *bracket = '\0';
      if (!g_strv_contains (known, base))
        add_problem (problems, group, "Unknown key %s.", keys[i]);
    }
}

/* --- parsing ----------------------------------------------------------------------------- */

static void
parse_template_group (DiTemplate *self,
                      GKeyFile   *kf,
                      const char *folder_name,
                      Page       *page,
                      GPtrArray  *problems)
{
  const char *g = "template";
  g_autofree char *format = NULL;
  gboolean dpi_ok;

  if (!g_key_file_has_group (kf, g))
    {
      add_problem (problems, NULL, "The [template] group is missing.");
      return;
    }
  check_keys (kf, g, template_keys, problems);

  self->id = get_string (kf, g, "id", TRUE, problems);
  if (self->id != NULL)
    {
      if (!matches_charset (self->id, "-"))
        add_problem (problems, g, "id '%s' may hold only A-Z, 0-9 and '-'.", self->id);
      else if (folder_name != NULL && !g_str_equal (self->id, folder_name))
        add_problem (problems, g, "id '%s' is not the name of its folder, '%s'.", self->id,
                     folder_name);
    }

  self->name = get_string (kf, g, "name", TRUE, problems);

  self->issuing_state = get_string (kf, g, "issuing_state", TRUE, problems);
  if (self->issuing_state != NULL && !is_upper_letters (self->issuing_state, 3))
    add_problem (problems, g,
                 "issuing_state '%s' is not one to three capital letters as the MRZ prints it.",
                 self->issuing_state);

  self->document_code = get_string (kf, g, "document_code", TRUE, problems);
  if (self->document_code != NULL && !is_upper_letters (self->document_code, 2))
    add_problem (problems, g, "document_code '%s' is not one or two capital letters.",
                 self->document_code);

  format = get_string (kf, g, "mrz_format", TRUE, problems);
  if (format != NULL && !mrz_format_from_string (format, &self->mrz_format))
    add_problem (problems, g,
                 "mrz_format '%s' is not one of TD1, TD2, TD3, MRVA, MRVB, FRA_ID.", format);

  page->known = TRUE;
  if (get_number (kf, g, "width_mm", &self->width_mm, problems) && self->width_mm <= 0)
    add_problem (problems, g, "width_mm %g is not positive.", self->width_mm);
  if (get_number (kf, g, "height_mm", &self->height_mm, problems) && self->height_mm <= 0)
    add_problem (problems, g, "height_mm %g is not positive.", self->height_mm);
  if (!(self->width_mm > 0 && self->height_mm > 0))
    page->known = FALSE;
  page->width = self->width_mm;
  page->height = self->height_mm;

  dpi_ok = get_number (kf, g, "dpi", &self->dpi, problems);
  if (dpi_ok && (self->dpi < MIN_DPI || self->dpi > MAX_DPI))
    {
      add_problem (problems, g, "dpi %g is outside 150-600.", self->dpi);
      dpi_ok = FALSE;
    }
  if (dpi_ok && page->known)
    {
      double pixels = (self->width_mm / MM_PER_INCH * self->dpi) *
                      (self->height_mm / MM_PER_INCH * self->dpi);

      if (pixels > DI_OCR_MAX_PIXELS)
        add_problem (problems, g,
                     "The %g x %g mm page at %g dpi (width_mm, height_mm, dpi) needs more than "
                     "%d pixels.", self->width_mm, self->height_mm, self->dpi,
                     DI_OCR_MAX_PIXELS);
    }

  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      const char *key = di_light_to_string (light);
      g_autofree char *file = get_string (kf, g, key, FALSE, problems);

      if (file == NULL)
        self->images[light] = g_strdup (default_images[light]);
      else if (*file == '\0' || strchr (file, '/') != NULL || g_str_equal (file, ".") ||
               g_str_equal (file, ".."))
        add_problem (problems, g, "%s '%s' is not the name of a file in the template's folder.",
                     key, file);
      else
        self->images[light] = g_steal_pointer (&file);
    }

  self->specimen = get_boolean (kf, g, "specimen", FALSE, problems);
}

static void
parse_mrz_group (DiTemplate *self,
                 GKeyFile   *kf,
                 const Page *page,
                 GPtrArray  *problems)
{
  check_keys (kf, "mrz", mrz_keys, problems);
  self->has_mrz_rect = get_rect (kf, "mrz", "rect_mm", page, &self->mrz_rect, problems);
}

static void
parse_viz_group (DiTemplate *self,
                 GKeyFile   *kf,
                 const char *group,
                 const Page *page,
                 GPtrArray  *problems)
{
  const char *field_name = group + strlen ("viz:");
  DiTemplateViz viz = { 0 };
  g_autofree char *format = NULL;
  gboolean ok = TRUE;

  check_keys (kf, group, viz_keys, problems);
  if (!viz_field_from_string (field_name, &viz.field))
    {
      g_autofree char *names = viz_field_names ();

      add_problem (problems, group, "'%s' is not a known MRZ field name (%s).", field_name,
                   names);
      ok = FALSE;
    }
  if (!get_rect (kf, group, "rect_mm", page, &viz.rect, problems))
    ok = FALSE;

  format = get_string (kf, group, "format", FALSE, problems);
  if (format != NULL && ok && !is_date_field (viz.field))
    {
      add_problem (problems, group, "format applies to dates only.");
      ok = FALSE;
    }
  else if (format != NULL && !is_date_format (format))
    {
      add_problem (problems, group,
                   "format '%s' is not a date layout of DD, MM or MMM, YY or YYYY and "
                   "separators.", format);
      ok = FALSE;
    }
  if (!ok)
    return;
  if (is_date_field (viz.field))
    viz.format = format != NULL ? g_steal_pointer (&format) : g_strdup (DEFAULT_DATE_FORMAT);
  g_array_append_val (self->viz, viz);
}

static void
parse_feature_group (DiTemplate *self,
                     GKeyFile   *kf,
                     const char *group,
                     const Page *page,
                     GHashTable *check_ids,
                     GPtrArray  *problems)
{
  DiTemplateFeature feature = { 0 };
  g_autofree char *light = NULL;
  g_autofree char *rects = NULL;
  g_autofree char *method = NULL;
  g_autofree char *compare = NULL;
  g_autofree char *colours = NULL;
  g_autofree char *compare_with = NULL;
  gboolean has_method = FALSE;
  guint n_colours = 0;
  guint n_before = problems->len;

  check_keys (kf, group, feature_keys, problems);
  feature.name = g_strdup (group + strlen ("feature:"));
  feature.rects = g_array_new (FALSE, FALSE, sizeof (DiRect));
  feature.colours = g_array_new (FALSE, FALSE, sizeof (guint32));
  feature.critical = TRUE;
  if (*feature.name == '\0')
    add_problem (problems, group, "The feature has no name after 'feature:'.");

  feature.check = get_string (kf, group, "check", TRUE, problems);
  if (feature.check != NULL)
    {
      const char *other = g_hash_table_lookup (check_ids, feature.check);

      if (!is_check_id (feature.check))
        add_problem (problems, group,
                     "check '%s' is not a check id of a-z, 0-9, '_' and '.' such as "
                     "uv.feature.emblem.", feature.check);
      else if (other != NULL)
        add_problem (problems, group, "check '%s' is already yielded by [%s].", feature.check,
                     other);
      else
        g_hash_table_insert (check_ids, g_strdup (feature.check), g_strdup (group));
    }

  light = get_string (kf, group, "light", TRUE, problems);
  if (light != NULL && !di_light_from_string (light, &feature.light))
    add_problem (problems, group, "light '%s' is not white, uv or ir.", light);

  rects = get_string (kf, group, "rects_mm", TRUE, problems);
  if (rects != NULL)
    {
      g_autoptr (GPtrArray) items = split_list (rects);

      if (items->len == 0)
        add_problem (problems, group, "rects_mm holds no rectangle.");
      for (guint i = 0; i < items->len; i++)
        {
          DiRect rect;

          if (!parse_rect (items->pdata[i], ",", &rect))
            add_problem (problems, group,
                         "rects_mm '%s' is not a rectangle x,y,w,h in millimetres.",
                         (const char *) items->pdata[i]);
          else if (check_rect (&rect, page, group, "rects_mm", ',', problems))
            g_array_append_val (feature.rects, rect);
        }
    }

  method = get_string (kf, group, "method", TRUE, problems);
  if (method != NULL)
    {
      has_method = method_from_string (method, &feature.method);
      if (!has_method)
        {
          g_autoptr (GString) names = g_string_new (NULL);

          for (guint i = 0; i < DI_N_METHODS; i++)
            g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", method_names[i]);
          add_problem (problems, group, "method '%s' is not one of %s.", method, names->str);
        }
    }

  get_number (kf, group, "threshold", &feature.threshold, problems);

  compare = get_string (kf, group, "compare", FALSE, problems);
  if (compare != NULL && g_str_equal (compare, "max"))
    feature.at_most = TRUE;
  else if (compare != NULL && !g_str_equal (compare, "min"))
    add_problem (problems, group, "compare '%s' is neither min nor max.", compare);

  feature.critical = get_boolean (kf, group, "critical", TRUE, problems);

  colours = get_string (kf, group, "colours", FALSE, problems);
  if (colours != NULL)
    {
      g_autoptr (GPtrArray) items = split_list (colours);

      n_colours = items->len;
      for (guint i = 0; i < items->len; i++)
        {
          guint32 colour;

          if (parse_colour (items->pdata[i], &colour))
            g_array_append_val (feature.colours, colour);
          else
            add_problem (problems, group, "colours '%s' is not a colour written #RRGGBB.",
                         (const char *) items->pdata[i]);
        }
    }
  /* bad items were reported above; a missing or empty list is reported here. Fluorescent
   * features are told by their colour; a printed pattern under white light or IR need not be. */
  if (has_method && n_colours == 0 &&
      (feature.method == DI_METHOD_FIBRES ||
       (feature.method == DI_METHOD_PATTERN && light != NULL && g_str_equal (light, "uv"))))
    add_problem (problems, group, "method %s needs the expected colours (colours=#RRGGBB).",
                 method);

  compare_with = get_string (kf, group, "compare_with_mm", FALSE, problems);
  if (compare_with != NULL)
    {
      if (!parse_rect (compare_with, ",;", &feature.compare_with))
        add_problem (problems, group,
                     "compare_with_mm '%s' is not a rectangle x,y,w,h in millimetres.",
                     compare_with);
      else
        check_rect (&feature.compare_with, page, group, "compare_with_mm", ',', problems);
    }
  else if (has_method && feature.method == DI_METHOD_GHOST_MATCH)
    add_problem (problems, group,
                 "method ghost_match needs compare_with_mm, the rectangle to compare with.");

  feature.description = get_string (kf, group, "description", TRUE, problems);

  if (problems->len == n_before)
    g_array_append_val (self->features, feature);
  else
    feature_clear (&feature);
}

/* Reads everything but the images. `folder_name`, when given, is what the id must be. */
static DiTemplate *
template_parse (GKeyFile   *kf,
                const char *dir,
                const char *folder_name,
                GPtrArray  *problems)
{
  DiTemplate *self = template_new (dir);
  g_autoptr (GHashTable) check_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);
  Page page = { 0 };

  parse_template_group (self, kf, folder_name, &page, problems);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];

      if (g_str_equal (group, "template"))
        continue;
      else if (g_str_equal (group, "mrz"))
        parse_mrz_group (self, kf, &page, problems);
      else if (g_str_has_prefix (group, "viz:"))
        parse_viz_group (self, kf, group, &page, problems);
      else if (g_str_has_prefix (group, "feature:"))
        parse_feature_group (self, kf, group, &page, check_ids, problems);
      else
        add_problem (problems, NULL,
                     "Unknown group [%s]: groups are [template], [mrz], [viz:FIELD] and "
                     "[feature:NAME].", group);
    }
  return self;
}

static gboolean
within (double value,
        double expected,
        double tolerance)
{
  /* one pixel of rounding is never an error, even on a tiny page */
  return fabs (value - expected) <= MAX (expected * tolerance, 1.0);
}

/* The reference images: present, readable, all of one size, the page's size at dpi. */
static void
check_images (DiTemplate *self,
              GPtrArray  *problems)
{
  int widths[DI_N_LIGHTS] = { 0 }, heights[DI_N_LIGHTS] = { 0 };
  gboolean size_known = self->width_mm > 0 && self->height_mm > 0 &&
                        self->dpi >= MIN_DPI && self->dpi <= MAX_DPI;
  double expected_w = self->width_mm / MM_PER_INCH * self->dpi;
  double expected_h = self->height_mm / MM_PER_INCH * self->dpi;
  int first = -1;

  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autofree char *path = NULL;
      g_autoptr (GError) error = NULL;
      cairo_surface_t *image;

      if (self->images[light] == NULL)
        continue;
      path = g_build_filename (self->dir, self->images[light], NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          add_problem (problems, NULL, "The %s reference image %s is missing.",
                       di_light_to_string (light), self->images[light]);
          continue;
        }
      image = di_image_load (path, &error);
      if (image == NULL)
        {
          add_problem (problems, NULL, "The %s reference image %s cannot be read: %s.",
                       di_light_to_string (light), self->images[light], error->message);
          continue;
        }
      widths[light] = cairo_image_surface_get_width (image);
      heights[light] = cairo_image_surface_get_height (image);
      cairo_surface_destroy (image);

      if (size_known && (!within (widths[light], expected_w, SIZE_TOLERANCE) ||
                         !within (heights[light], expected_h, SIZE_TOLERANCE)))
        add_problem (problems, NULL,
                     "The %s reference image %s is %d x %d pixels, but the %g x %g mm page at "
                     "%g dpi is %.0f x %.0f pixels.", di_light_to_string (light),
                     self->images[light], widths[light], heights[light], self->width_mm,
                     self->height_mm, self->dpi, expected_w, expected_h);
      if (first < 0)
        first = light;
      else if (widths[light] != widths[first] || heights[light] != heights[first])
        add_problem (problems, NULL,
                     "The reference images differ in size: %s (%s) is %d x %d pixels, "
                     "%s (%s) %d x %d.", self->images[first], di_light_to_string (first),
                     widths[first], heights[first], self->images[light],
                     di_light_to_string (light), widths[light], heights[light]);
    }
}

/* template.ini of a folder; NOT_FOUND when there is none. */
static GKeyFile *
load_key_file (const char *path,
               GError    **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_NOT_FOUND, "%s does not exist",
                   path);
      return NULL;
    }
  if (st.st_size > MAX_INI_BYTES)
    {
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID,
                   "%s is larger than %d bytes", path, MAX_INI_BYTES);
      return NULL;
    }
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS |
                                  G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    {
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

/* Parses and checks a template folder; the problems found go to `problems`. NULL with
 * `error` set only when template.ini cannot be read at all. */
static DiTemplate *
template_check (const char *dir,
                gboolean    stop_early,
                gboolean    images,
                GPtrArray  *problems,
                GError    **error)
{
  g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
  g_autofree char *folder_name = g_path_get_basename (canonical);
  g_autofree char *ini = g_build_filename (canonical, TEMPLATE_INI, NULL);
  g_autoptr (GKeyFile) kf = NULL;
  g_autoptr (DiTemplate) self = NULL;

  if (!g_file_test (canonical, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_NOT_FOUND,
                   "%s is not a folder", dir);
      return NULL;
    }
  kf = load_key_file (ini, error);
  if (kf == NULL)
    return NULL;
  self = template_parse (kf, canonical, folder_name, problems);
  if (images && (!stop_early || problems->len == 0))
    check_images (self, problems);
  return g_steal_pointer (&self);
}

/* --- public API -------------------------------------------------------------------------- */

/**
 * di_template_load:
 * @dir: a template folder
 * @error: return location for an error
 *
 * Reads and checks the template of @dir: template.ini and its reference images.
 *
 * Returns: (transfer full): the template, or NULL with @error set:
 *   %DI_TEMPLATE_ERROR_NOT_FOUND when @dir has no template.ini, %DI_TEMPLATE_ERROR_INVALID
 *   naming the first problem (di_template_validate() lists them all)
 */
DiTemplate *
di_template_load (const char *dir,
                  GError    **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (DiTemplate) self = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = template_check (dir, TRUE, TRUE, problems, error);
  if (self == NULL)
    return NULL;
  if (problems->len > 0)
    {
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID, "%s: %s%s", dir,
                   (const char *) problems->pdata[0],
                   problems->len > 1 ? " (and other problems)" : "");
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * di_template_validate:
 * @dir: a template folder
 *
 * Checks a template folder against the format of templates/README.md, the reference images
 * included.
 *
 * Returns: (transfer full) (element-type utf8): every problem found, one sentence each
 *   (naming the group and key at fault); empty when the template is valid
 */
GPtrArray *
di_template_validate (const char *dir)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (DiTemplate) self = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  self = template_check (dir, FALSE, TRUE, problems, &error);
  if (self == NULL)
    add_problem (problems, NULL, "%s.", error->message);
  return g_steal_pointer (&problems);
}

/**
 * di_template_get_id:
 * @self: a template
 *
 * Returns: the id, `[A-Z0-9-]+`, which is also the folder's name
 */
const char *
di_template_get_id (const DiTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

/**
 * di_template_get_name:
 * @self: a template
 *
 * Returns: the title for people
 */
const char *
di_template_get_name (const DiTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * di_template_get_dir:
 * @self: a template
 *
 * Returns: the absolute path of the template's folder
 */
const char *
di_template_get_dir (const DiTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dir;
}

/**
 * di_template_get_issuing_state:
 * @self: a template
 *
 * Returns: the issuing state as the MRZ prints it, fillers dropped (`UTO`, `D`)
 */
const char *
di_template_get_issuing_state (const DiTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->issuing_state;
}

/**
 * di_template_get_document_code:
 * @self: a template
 *
 * Returns: the MRZ document code, or its first letter, that the template covers
 */
const char *
di_template_get_document_code (const DiTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->document_code;
}

/**
 * di_template_get_mrz_format:
 * @self: a template
 *
 * Returns: the MRZ format of the document type
 */
DiMrzFormat
di_template_get_mrz_format (const DiTemplate *self)
{
  g_return_val_if_fail (self != NULL, DI_MRZ_FORMAT_UNKNOWN);
  return self->mrz_format;
}

/**
 * di_template_get_size_mm:
 * @self: a template
 * @width: (out) (optional): the page width in millimetres
 * @height: (out) (optional): the page height in millimetres
 */
void
di_template_get_size_mm (const DiTemplate *self,
                         double           *width,
                         double           *height)
{
  g_return_if_fail (self != NULL);
  if (width != NULL)
    *width = self->width_mm;
  if (height != NULL)
    *height = self->height_mm;
}

/**
 * di_template_get_dpi:
 * @self: a template
 *
 * Returns: the resolution of the reference images
 */
double
di_template_get_dpi (const DiTemplate *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->dpi;
}

/**
 * di_template_is_specimen:
 * @self: a template
 *
 * Returns: whether the document type is a specimen (such as Utopia's)
 */
gboolean
di_template_is_specimen (const DiTemplate *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->specimen;
}

/**
 * di_template_get_image_path:
 * @self: a template
 * @light: a light
 *
 * Returns: (transfer full): the path of the reference image under @light
 */
char *
di_template_get_image_path (const DiTemplate *self,
                            DiLight           light)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (light < DI_N_LIGHTS, NULL);
  return g_build_filename (self->dir, self->images[light], NULL);
}

/**
 * di_template_get_mrz_rect:
 * @self: a template
 * @out: (out): the MRZ band in millimetres
 *
 * Returns: whether the template has an `[mrz]` group (@out is left alone otherwise)
 */
gboolean
di_template_get_mrz_rect (const DiTemplate *self,
                          DiRect           *out)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (self->has_mrz_rect)
    *out = self->mrz_rect;
  return self->has_mrz_rect;
}

/**
 * di_template_get_features:
 * @self: a template
 * @n: (out): the number of features
 *
 * Returns: (transfer none) (array length=n): the security features, in file order
 */
const DiTemplateFeature *
di_template_get_features (const DiTemplate *self,
                          guint            *n)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n != NULL, NULL);

  *n = self->features->len;
  return (const DiTemplateFeature *) (gpointer) self->features->data;
}

/**
 * di_template_get_viz:
 * @self: a template
 * @n: (out): the number of visual-zone fields
 *
 * Returns: (transfer none) (array length=n): where the visual zone prints MRZ fields
 */
const DiTemplateViz *
di_template_get_viz (const DiTemplate *self,
                     guint            *n)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n != NULL, NULL);

  *n = self->viz->len;
  return (const DiTemplateViz *) (gpointer) self->viz->data;
}

/**
 * di_template_matches:
 * @self: a template
 * @mrz: a parsed MRZ
 *
 * Whether the template covers the document of @mrz: the same issuing state and MRZ format,
 * and a document code starting with the template's (`P` covers `PO`).
 *
 * Returns: TRUE when the template applies
 */
gboolean
di_template_matches (const DiTemplate *self,
                     const DiMrz      *mrz)
{
  const char *state, *code;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (mrz != NULL, FALSE);

  state = di_mrz_get_field (mrz, DI_MRZ_FIELD_ISSUING_STATE);
  code = di_mrz_get_field (mrz, DI_MRZ_FIELD_DOCUMENT_CODE);
  return di_mrz_get_format (mrz) == self->mrz_format && state != NULL && code != NULL &&
         g_str_equal (state, self->issuing_state) &&
         g_str_has_prefix (code, self->document_code);
}

/**
 * di_method_to_string:
 * @method: a measuring method
 *
 * Returns: the method's name in template.ini (`luminance`, `ghost_match` …), or NULL
 */
const char *
di_method_to_string (DiMethod method)
{
  return method < DI_N_METHODS ? method_names[method] : NULL;
}

/**
 * di_template_default_dir:
 *
 * The folder of templates: `DOCINSPECT_TEMPLATES` when set, else the installed
 * `datadir/docinspect/templates` if it exists, else the source tree's `templates/`.
 *
 * Returns: (transfer full): a folder path
 */
char *
di_template_default_dir (void)
{
  const char *env = g_getenv ("DOCINSPECT_TEMPLATES");
  g_autofree char *installed = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  installed = g_build_filename (DI_DATADIR, "docinspect", "templates", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  return g_strdup (DI_SOURCE_DIR "/templates");
}

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  const DiTemplate *ta = *(DiTemplate *const *) a;
  const DiTemplate *tb = *(DiTemplate *const *) b;

  return strcmp (ta->id, tb->id);
}

/**
 * di_template_list:
 * @templates_dir: (nullable): a folder of template folders; NULL for
 *   di_template_default_dir()
 *
 * Loads every template of a folder, its template.ini only: the reference images are read
 * (and their faults found) when a template is used. Folders whose template.ini is not valid
 * are skipped (di_template_validate() says why); a folder that cannot be read gives an empty
 * list.
 *
 * Returns: (transfer full) (element-type DiTemplate): the templates, sorted by id
 */
GPtrArray *
di_template_list (const char *templates_dir)
{
  g_autofree char *default_dir = NULL;
  GPtrArray *templates = g_ptr_array_new_with_free_func ((GDestroyNotify) di_template_unref);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = NULL;
  const char *name;

  if (templates_dir == NULL)
    templates_dir = default_dir = di_template_default_dir ();
  d = g_dir_open (templates_dir, 0, NULL);
  if (d == NULL)
    return templates;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (templates_dir, name, NULL);
      g_autoptr (GError) error = NULL;
      DiTemplate *template;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      template = template_check (path, TRUE, FALSE, problems, &error);
      if (template != NULL && problems->len == 0)
        g_ptr_array_add (templates, template);
      else
        {
          g_debug ("skipping %s: %s", name, error != NULL ? error->message
                                                          : (const char *) problems->pdata[0]);
          g_clear_pointer (&template, di_template_unref);
        }
      g_ptr_array_set_size (problems, 0);
    }
  g_ptr_array_sort (templates, compare_by_id);
  return templates;
}

/* --- creating a template from reference scans -------------------------------------------- */

/* The image scaled to width × height pixels with a good filter. */
static cairo_surface_t *
resample (cairo_surface_t *image,
          int              width,
          int              height,
          GError         **error)
{
  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (out);
  cairo_status_t status;

  cairo_scale (cr, (double) width / cairo_image_surface_get_width (image),
               (double) height / cairo_image_surface_get_height (image));
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  /* the page's own border colour continues past its edge, not black */
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (out);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot resample an image: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return out;
}

static gboolean
is_empty_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);

  return d != NULL && g_dir_read_name (d) == NULL;
}

/* Loads a scan, checks that it shows the page only and brings it to the template's size. */
static cairo_surface_t *
prepare_scan (const char *path,
              DiLight     light,
              double      width_mm,
              double      height_mm,
              int         width,
              int         height,
              GError    **error)
{
  cairo_surface_t *image = di_image_load (path, error);
  cairo_surface_t *out;
  double aspect, expected = width_mm / height_mm;

  if (image == NULL)
    return NULL;
  aspect = (double) cairo_image_surface_get_width (image) / cairo_image_surface_get_height (image);
  if (fabs (aspect / expected - 1.0) > ASPECT_TOLERANCE)
    {
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID,
                   "the %s scan %s is %d x %d pixels (aspect ratio %.3f), but the page is "
                   "%g x %g mm (%.3f): crop the scan to the page", di_light_to_string (light),
                   path, cairo_image_surface_get_width (image),
                   cairo_image_surface_get_height (image), aspect, width_mm, height_mm,
                   expected);
      cairo_surface_destroy (image);
      return NULL;
    }
  out = resample (image, width, height, error);
  cairo_surface_destroy (image);
  return out;
}

static gboolean
write_template (GKeyFile        *kf,
                cairo_surface_t *images[DI_N_LIGHTS],
                const char      *out_dir,
                GPtrArray       *written,
                GError         **error)
{
  g_autofree char *ini = g_build_filename (out_dir, TEMPLATE_INI, NULL);

  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      char *path = g_build_filename (out_dir, default_images[light], NULL);

      g_ptr_array_add (written, path);
      if (!di_image_save_png (images[light], path, error))
        return FALSE;
    }
  g_ptr_array_add (written, g_strdup (ini));
  return g_key_file_save_to_file (kf, ini, error);
}

/**
 * di_template_create:
 * @scan_dir: a scan set of a genuine specimen: white, UV and IR images of the page only
 *   (`white.png` or `*_white.png` and so on, PNG, JPEG or TIFF)
 * @layout_path: a template.ini without the image keys (any there are replaced)
 * @out_dir: the template folder to write, named after the layout's id; it must not exist
 *   or be empty
 * @error: return location for an error
 *
 * Builds a template folder: each scan must have the page's aspect ratio within 2%; it is
 * resampled to width_mm × height_mm at the layout's dpi and written as PNG beside the
 * template.ini, and the result is validated. Nothing is left behind on failure.
 *
 * Returns: TRUE on success; FALSE with @error set: %DI_TEMPLATE_ERROR_INVALID for a layout
 *   with problems, a scan of the wrong shape or a result that does not validate,
 *   %G_IO_ERROR_EXISTS when @out_dir is not empty, %G_IO_ERROR_NOT_FOUND for a missing
 *   layout or scan, or the error of reading or writing a file
 */
gboolean
di_template_create (const char *scan_dir,
                    const char *layout_path,
                    const char *out_dir,
                    GError    **error)
{
  g_autofree char *canonical = NULL;
  g_autofree char *folder_name = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GKeyFile) kf = NULL;
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (DiTemplate) layout = NULL;
  char *scans[DI_N_LIGHTS] = { NULL };
  cairo_surface_t *images[DI_N_LIGHTS] = { NULL };
  gboolean created_dir = FALSE, ok = FALSE;
  int width, height;

  g_return_val_if_fail (scan_dir != NULL, FALSE);
  g_return_val_if_fail (layout_path != NULL, FALSE);
  g_return_val_if_fail (out_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  canonical = g_canonicalize_filename (out_dir, NULL);
  folder_name = g_path_get_basename (canonical);

  /* the layout first: nothing is read or written for a layout with problems */
  kf = load_key_file (layout_path, &local_error);
  if (kf == NULL)
    {
      if (g_error_matches (local_error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the layout %s does not exist",
                     layout_path);
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "layout: ");
      return FALSE;
    }
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    g_key_file_set_string (kf, "template", di_light_to_string (light), default_images[light]);
  layout = template_parse (kf, canonical, folder_name, problems);
  if (problems->len > 0)
    {
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID, "layout %s: %s%s",
                   layout_path, (const char *) problems->pdata[0],
                   problems->len > 1 ? " (and other problems)" : "");
      return FALSE;
    }

  if (g_file_test (canonical, G_FILE_TEST_EXISTS) && !is_empty_dir (canonical))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s already exists and is not an empty folder; not overwriting it", out_dir);
      return FALSE;
    }

  if (!di_scan_set_find (scan_dir, scans, error))
    goto out;
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    if (scans[light] == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "the scan set %s has no %s image (%s.png or *_%s.png)", scan_dir,
                     di_light_to_string (light), di_light_to_string (light),
                     di_light_to_string (light));
        goto out;
      }
  width = MAX (1, (int) round (layout->width_mm / MM_PER_INCH * layout->dpi));
  height = MAX (1, (int) round (layout->height_mm / MM_PER_INCH * layout->dpi));
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      images[light] = prepare_scan (scans[light], light, layout->width_mm, layout->height_mm,
                                    width, height, error);
      if (images[light] == NULL)
        goto out;
    }

  if (!g_file_test (canonical, G_FILE_TEST_IS_DIR))
    {
      if (g_mkdir_with_parents (canonical, 0755) != 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "cannot create %s: %s", out_dir, g_strerror (saved));
          goto out;
        }
      created_dir = TRUE;
    }
  if (!write_template (kf, images, canonical, written, error))
    goto out;

  g_ptr_array_set_size (problems, 0);
  g_clear_pointer (&layout, di_template_unref);
  layout = template_check (canonical, FALSE, TRUE, problems, error);
  if (layout == NULL)
    goto out;
  if (problems->len > 0)
    {
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID,
                   "the template written to %s is not valid: %s", out_dir,
                   (const char *) problems->pdata[0]);
      goto out;
    }
  ok = TRUE;

out:
  if (!ok)
    {
      for (guint i = 0; i < written->len; i++)
        g_remove (written->pdata[i]);
      if (created_dir)
        g_rmdir (canonical);
    }
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_free (scans[light]);
      if (images[light] != NULL)
        cairo_surface_destroy (images[light]);
    }
  return ok;
}
