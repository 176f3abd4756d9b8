/* di-specimen-render.c — Utopia documents under white, UV and IR light, and their layouts
 *
 * Everything is drawn in millimetres with cairo and pango. The printed blank of each kind
 * (security background, titles, labels) is the same on every document and drawn once per
 * light, resolution and paper; the personalisation is drawn over a copy of it.
 *
 * Inks by light:
 *   security background (guilloche, rainbow tint), labels, arms: visible in white, dark in UV,
 *     gone in IR (they do not absorb in B900);
 *   personalisation and MRZ: black in white, dark in UV, dark in IR (B900-absorbing);
 *   UV emblem and fibres: invisible in white and IR, fluorescent under UV;
 *   paper: dull (dark) under UV; office paper is bright under UV (optical brighteners).
 */
#define G_LOG_DOMAIN "di-specimen"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "di-specimen-private.h"

#define MRZ_PITCH 2.54            /* mm, ICAO 9303-3: 10 characters per inch */
#define MRZ_LINE_PITCH 4.23       /* mm, 6 lines per inch */
#define MRZ_EM 4.233              /* mm, OCR-B size 1 at 10 cpi (12 pt) */
#define LABEL_FONT "DejaVu Sans"
#define VALUE_FONT "DejaVu Sans Bold"
#define MRZ_FONT "OCR B"

/* --- layouts ----------------------------------------------------------------------------- */

#define L_TYPE "Type/Type"
#define L_CODE "Code/Code"
#define L_SURNAME "Surname/Nom"
#define L_GIVEN "Given names/Prénoms"
#define L_NATIONALITY "Nationality/Nationalité"
#define L_BIRTH "Date of birth/Date de naissance"
#define L_SEX "Sex/Sexe"
#define L_PLACE "Place of birth/Lieu de naissance"
#define L_ISSUE "Date of issue/Date de délivrance"
#define L_AUTHORITY "Authority/Autorité"
#define L_EXPIRY "Date of expiry/Date d'expiration"
#define L_SIGNATURE "Holder's signature/Signature du titulaire"

static const KindLayout kind_layouts[DI_N_DOC_KINDS] = {
  { DI_DOC_PASSPORT, DI_MRZ_FORMAT_TD3, "P", "PASSPORT / PASSEPORT", "UTO-P-2024",
    "Utopia passport, data page (2024 series)", 125.0, 88.0, 1.25, 2.5,
    41.0, 3.0, 3.4, 114.0, 9.5, 12.0,
    { 5.0, 13.0, 32.0, 40.0 }, { 108.5, 24.0, 12.5, 15.5 }, 37.0, 40.0, 11.0,
    6.0, 3.9, { 0.0, 71.0, 125.0, 17.0 },
    { { 6.0, 56.5, 28.0, 10.0 }, { 42.0, 58.0, 32.0, 10.0 } },
    { 41.0, 14.5, 60.0, 3.8 },
    { { L_TYPE, VIZ_TYPE, 41.0, 13.0, 10.0 },
      { L_CODE, VIZ_CODE, 53.0, 13.0, 12.0 },
      { "Passport No./No du passeport", DI_MRZ_FIELD_DOCUMENT_NUMBER, 78.0, 13.0, 28.0 },
      { L_SURNAME, DI_MRZ_FIELD_SURNAME, 41.0, 19.0, 66.0 },
      { L_GIVEN, DI_MRZ_FIELD_GIVEN_NAMES, 41.0, 25.0, 66.0 },
      { L_NATIONALITY, VIZ_NATIONALITY_NAME, 41.0, 31.0, 40.0 },
      { L_BIRTH, DI_MRZ_FIELD_BIRTH_DATE, 41.0, 37.0, 30.0 },
      { L_SEX, DI_MRZ_FIELD_SEX, 78.0, 37.0, 8.0 },
      { L_PLACE, VIZ_BIRTH_PLACE, 88.0, 37.0, 32.0 },
      { L_ISSUE, VIZ_ISSUE_DATE, 41.0, 43.0, 30.0 },
      { L_AUTHORITY, VIZ_AUTHORITY, 78.0, 43.0, 44.0 },
      { L_EXPIRY, DI_MRZ_FIELD_EXPIRY_DATE, 41.0, 49.0, 30.0 },
      { L_SIGNATURE, VIZ_SIGNATURE, 78.0, 49.0, 40.0 } } },

  { DI_DOC_ID_CARD, DI_MRZ_FORMAT_TD1, "ID", "IDENTITY CARD / CARTE D'IDENTITÉ", "UTO-ID-2024",
    "Utopia identity card (TD1, 2024 series)", 85.6, 54.0, 0.95, 1.9,
    28.0, 1.8, 2.6, 79.0, 6.5, 8.5,
    { 3.0, 8.5, 21.0, 26.0 }, { 73.0, 14.0, 9.5, 11.5 }, 24.0, 28.0, 7.0,
    4.7, 4.2, { 0.0, 37.0, 85.6, 17.0 },
    { { 28.0, 31.4, 26.0, 4.4 }, { 3.0, 1.5, 22.0, 5.5 } },
    { 27.0, 10.0, 42.0, 2.6 },
    { { L_SURNAME, DI_MRZ_FIELD_SURNAME, 27.0, 8.6, 45.0 },
      { L_GIVEN, DI_MRZ_FIELD_GIVEN_NAMES, 27.0, 13.0, 45.0 },
      { L_SEX, DI_MRZ_FIELD_SEX, 27.0, 17.4, 6.0 },
      { L_NATIONALITY, VIZ_NATIONALITY_NAME, 35.0, 17.4, 20.0 },
      { L_BIRTH, DI_MRZ_FIELD_BIRTH_DATE, 56.0, 17.4, 16.0 },
      { "Document No./No du document", DI_MRZ_FIELD_DOCUMENT_NUMBER, 27.0, 21.8, 28.0 },
      { L_EXPIRY, DI_MRZ_FIELD_EXPIRY_DATE, 56.0, 21.8, 16.0 },
      { L_ISSUE, VIZ_ISSUE_DATE, 27.0, 26.2, 16.0 },
      { "Signature", VIZ_SIGNATURE, 56.0, 26.2, 26.0 } } },

  { DI_DOC_TD2_CARD, DI_MRZ_FORMAT_TD2, "I", "IDENTITY CARD / CARTE D'IDENTITÉ", "UTO-I-2024",
    "Utopia identity document (TD2, 2024 series)", 105.0, 74.0, 1.1, 2.2,
    36.0, 2.6, 3.0, 96.0, 8.5, 10.0,
    { 4.0, 11.0, 26.0, 33.0 }, { 88.0, 17.0, 12.0, 15.0 }, 30.0, 35.0, 9.0,
    6.8, 3.9, { 0.0, 57.0, 105.0, 17.0 },
    { { 4.0, 45.5, 26.0, 9.0 }, { 72.0, 45.0, 28.0, 9.5 } },
    { 34.0, 12.4, 50.0, 3.2 },
    { { L_SURNAME, DI_MRZ_FIELD_SURNAME, 34.0, 11.0, 52.0 },
      { L_GIVEN, DI_MRZ_FIELD_GIVEN_NAMES, 34.0, 16.5, 52.0 },
      { L_SEX, DI_MRZ_FIELD_SEX, 34.0, 22.0, 8.0 },
      { L_NATIONALITY, VIZ_NATIONALITY_NAME, 44.0, 22.0, 24.0 },
      { L_BIRTH, DI_MRZ_FIELD_BIRTH_DATE, 68.0, 22.0, 24.0 },
      { "Document No./No du document", DI_MRZ_FIELD_DOCUMENT_NUMBER, 34.0, 27.5, 30.0 },
      { L_EXPIRY, DI_MRZ_FIELD_EXPIRY_DATE, 68.0, 27.5, 24.0 },
      { L_ISSUE, VIZ_ISSUE_DATE, 34.0, 33.0, 30.0 },
      { L_AUTHORITY, VIZ_AUTHORITY, 68.0, 33.0, 34.0 },
      { L_SIGNATURE, VIZ_SIGNATURE, 34.0, 38.5, 34.0 } } },

  { DI_DOC_VISA_A, DI_MRZ_FORMAT_MRVA, "V", "VISA", "UTO-V-A-2024",
    "Utopia visa (MRV-A, 2024 series)", 120.0, 80.0, 1.2, 2.4,
    38.0, 2.8, 3.2, 110.0, 9.0, 11.0,
    { 4.0, 12.0, 29.0, 36.0 }, { 0.0, 0.0, 0.0, 0.0 }, 33.0, 40.0, 10.0,
    4.5, 3.9, { 0.0, 63.0, 120.0, 17.0 },
    { { 4.0, 50.0, 29.0, 11.0 }, { 92.0, 50.0, 24.0, 11.0 } },
    { 37.0, 31.4, 50.0, 3.4 },
    { { "Valid from/Du", VIZ_VALID_FROM, 37.0, 12.0, 24.0 },
      { "Until/Au", DI_MRZ_FIELD_EXPIRY_DATE, 62.0, 12.0, 24.0 },
      { "Type of visa/Type de visa", VIZ_VISA_TYPE, 88.0, 12.0, 12.0 },
      { "Number of entries/Nombre d'entrées", VIZ_ENTRIES, 37.0, 18.0, 20.0 },
      { "Duration of stay/Durée du séjour", VIZ_DURATION, 62.0, 18.0, 20.0 },
      { "Visa No./No du visa", DI_MRZ_FIELD_DOCUMENT_NUMBER, 88.0, 18.0, 28.0 },
      { "Issued in/Délivré à", VIZ_AUTHORITY, 37.0, 24.0, 24.0 },
      { L_ISSUE, VIZ_ISSUE_DATE, 62.0, 24.0, 24.0 },
      { "Remarks/Remarques", VIZ_REMARKS, 88.0, 24.0, 28.0 },
      { L_SURNAME, DI_MRZ_FIELD_SURNAME, 37.0, 30.0, 78.0 },
      { L_GIVEN, DI_MRZ_FIELD_GIVEN_NAMES, 37.0, 36.0, 78.0 },
      { L_BIRTH, DI_MRZ_FIELD_BIRTH_DATE, 37.0, 42.0, 24.0 },
      { L_SEX, DI_MRZ_FIELD_SEX, 62.0, 42.0, 8.0 },
      { L_NATIONALITY, VIZ_NATIONALITY_NAME, 72.0, 42.0, 44.0 } } },

  { DI_DOC_VISA_B, DI_MRZ_FORMAT_MRVB, "V", "VISA", "UTO-V-B-2024",
    "Utopia visa (MRV-B, 2024 series)", 105.0, 74.0, 1.1, 2.2,
    34.0, 2.6, 3.0, 96.0, 8.5, 10.0,
    { 4.0, 11.0, 26.0, 33.0 }, { 0.0, 0.0, 0.0, 0.0 }, 30.0, 34.0, 9.0,
    6.8, 3.9, { 0.0, 57.0, 105.0, 17.0 },
    { { 4.0, 45.5, 26.0, 9.0 }, { 74.0, 46.0, 27.0, 9.0 } },
    { 33.0, 23.4, 50.0, 3.2 },
    { { "Valid from/Du", VIZ_VALID_FROM, 33.0, 11.0, 20.0 },
      { "Until/Au", DI_MRZ_FIELD_EXPIRY_DATE, 55.0, 11.0, 20.0 },
      { "Type/Type", VIZ_VISA_TYPE, 77.0, 11.0, 10.0 },
      { "Entries/Entrées", VIZ_ENTRIES, 33.0, 16.5, 20.0 },
      { "Duration/Durée", VIZ_DURATION, 55.0, 16.5, 20.0 },
      { "Visa No./No du visa", DI_MRZ_FIELD_DOCUMENT_NUMBER, 77.0, 16.5, 24.0 },
      { L_SURNAME, DI_MRZ_FIELD_SURNAME, 33.0, 22.0, 68.0 },
      { L_GIVEN, DI_MRZ_FIELD_GIVEN_NAMES, 33.0, 27.5, 68.0 },
      { L_BIRTH, DI_MRZ_FIELD_BIRTH_DATE, 33.0, 33.0, 22.0 },
      { L_SEX, DI_MRZ_FIELD_SEX, 57.0, 33.0, 8.0 },
      { L_NATIONALITY, VIZ_NATIONALITY_NAME, 66.0, 33.0, 36.0 },
      { "Issued in/Délivré à", VIZ_AUTHORITY, 33.0, 38.5, 22.0 },
      { L_ISSUE, VIZ_ISSUE_DATE, 57.0, 38.5, 22.0 } } },
};

const KindLayout *
di_specimen_kind_layout (DiDocKind kind)
{
  g_return_val_if_fail (kind < DI_N_DOC_KINDS, NULL);
  return &kind_layouts[kind];
}

const char *
di_specimen_template_id (DiDocKind kind)
{
  return di_specimen_kind_layout (kind)->id;
}

/* --- inks -------------------------------------------------------------------------------- */

typedef enum {
  INK_LABEL,
  INK_TITLE,
  INK_ARMS,
  INK_PERSONAL,
} Ink;

static void
set_ink (cairo_t *cr,
         Ink      ink,
         DiLight  light)
{
  static const double colours[][DI_N_LIGHTS][3] = {
    [INK_LABEL] = { { 0.13, 0.36, 0.42 }, { 0.05, 0.04, 0.09 }, { 0.90, 0.90, 0.90 } },
    [INK_TITLE] = { { 0.10, 0.16, 0.46 }, { 0.06, 0.05, 0.10 }, { 0.78, 0.78, 0.78 } },
    [INK_ARMS] = { { 0.55, 0.36, 0.12 }, { 0.07, 0.05, 0.10 }, { 0.91, 0.91, 0.91 } },
    [INK_PERSONAL] = { { 0.07, 0.07, 0.09 }, { 0.03, 0.03, 0.05 }, { 0.14, 0.14, 0.14 } },
  };

  cairo_set_source_rgb (cr, colours[ink][light][0], colours[ink][light][1], colours[ink][light][2]);
}

/* --- text -------------------------------------------------------------------------------- */

static void
set_font_options (PangoContext *context)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* scale-independent and the same on every machine */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  /* text is a few user units (mm) high: whole-unit glyph positions would scramble it */
  pango_context_set_round_glyph_positions (context, FALSE);
}

static PangoLayout *
text_layout (cairo_t    *cr,
             const char *family,
             double      size_mm,
             const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (family);

  set_font_options (pango_layout_get_context (layout));
  pango_layout_context_changed (layout);
  pango_font_description_set_absolute_size (desc, size_mm * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws text with its top at y, squeezed horizontally to fit `max_w` if needed. */
static void
draw_text (cairo_t    *cr,
           const char *family,
           double      size_mm,
           const char *text,
           double      x,
           double      y,
           double      max_w)
{
  g_autoptr (PangoLayout) layout = text_layout (cr, family, size_mm, text);
  PangoRectangle logical;
  double w;

  pango_layout_get_extents (layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  cairo_save (cr);
  cairo_translate (cr, x, y);
  if (max_w > 0 && w > max_w)
    cairo_scale (cr, max_w / w, 1.0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/**
 * di_specimen_check_fonts:
 * @error: return location for a #GError
 *
 * Returns: whether the MRZ font resolves to OCR-B (Debian fonts-ocr-b) and the visual-zone
 *   font to DejaVu Sans: another font would draw documents no reader expects
 */
gboolean
di_specimen_check_fonts (GError **error)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  static const char *const wanted[][2] = { { MRZ_FONT, "OCR B" }, { LABEL_FONT, "DejaVu Sans" } };

  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      PangoFontDescription *desc = pango_font_description_from_string (wanted[i][0]);
      g_autoptr (PangoFont) font = pango_font_map_load_font (map, context, desc);
      PangoFontDescription *got = font != NULL ? pango_font_describe (font) : NULL;
      gboolean ok = got != NULL &&
                    g_ascii_strcasecmp (pango_font_description_get_family (got), wanted[i][1]) == 0;

      pango_font_description_free (desc);
      if (got != NULL)
        pango_font_description_free (got);
      if (!ok)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "the font \"%s\" is not installed (Debian packages fonts-ocr-b and "
                       "fonts-dejavu-core)", wanted[i][1]);
          g_object_unref (context);
          return FALSE;
        }
    }
  g_object_unref (context);
  return TRUE;
}

/* --- the blank --------------------------------------------------------------------------- */

/* A guilloche: bands of interlaced sine curves over the page. */
static void
draw_guilloche (cairo_t          *cr,
                const KindLayout *layout,
                DiLight           light,
                gboolean          counterfeit)
{
  static const double inks[][3] = {
    { 0.55, 0.30, 0.45 }, { 0.25, 0.50, 0.45 }, { 0.35, 0.40, 0.65 }, { 0.65, 0.50, 0.25 },
  };
  double w = layout->width, h = layout->height;
  int n_bands = (int) (h / 11.0) + 1;

  if (light == DI_LIGHT_IR)
    return;   /* background inks do not absorb in B900 */

  /* a reprint from a scan: thicker, paler lines */
  cairo_set_line_width (cr, counterfeit ? 0.11 : 0.06);
  for (int band = 0; band < n_bands; band++)
    {
      double y0 = (band + 0.5) * h / n_bands;
      const double *ink = inks[band % G_N_ELEMENTS (inks)];

      if (light == DI_LIGHT_WHITE)
        cairo_set_source_rgba (cr, ink[0], ink[1], ink[2], counterfeit ? 0.35 : 0.55);
      else
        cairo_set_source_rgba (cr, 0.13, 0.11, 0.20, 0.6);
      for (int k = 0; k < 9; k++)
        {
          double phase = k * G_PI / 9.0, amp = 3.2 + 0.6 * sin (band + k);

          for (double x = -1.0; x <= w + 1.0; x += 0.25)
            {
              double y = y0 + amp * sin (2 * G_PI * x / 19.0 + phase + band) *
                              cos (2 * G_PI * x / 53.0 - phase);

              if (x <= -1.0)
                cairo_move_to (cr, x, y);
              else
                cairo_line_to (cr, x, y);
            }
          cairo_stroke (cr);
        }
    }

  /* a rosette behind the title */
  if (light == DI_LIGHT_WHITE)
    {
      cairo_set_source_rgba (cr, 0.45, 0.35, 0.6, counterfeit ? 0.3 : 0.45);
      for (int k = 0; k < 36; k++)
        {
          double a = k * G_PI / 18.0;

          cairo_save (cr);
          cairo_translate (cr, w * 0.72, h * 0.28);
          cairo_rotate (cr, a);
          cairo_scale (cr, 1.0, 0.35);
          cairo_arc (cr, 7.0, 0.0, 7.0, 0.0, 2 * G_PI);
          cairo_restore (cr);
          cairo_stroke (cr);
        }
    }
}

static void
paper (cairo_t          *cr,
       const KindLayout *layout,
       DiLight           light,
       gboolean          counterfeit)
{
  cairo_pattern_t *tint;

  switch (light)
    {
    case DI_LIGHT_WHITE:
      /* rainbow tint: pale rose, cream, green, blue across the page */
      tint = cairo_pattern_create_linear (0, 0, layout->width, layout->height * 0.3);
      cairo_pattern_add_color_stop_rgb (tint, 0.0, 0.98, 0.92, 0.93);
      cairo_pattern_add_color_stop_rgb (tint, 0.35, 0.98, 0.97, 0.88);
      cairo_pattern_add_color_stop_rgb (tint, 0.65, 0.91, 0.97, 0.92);
      cairo_pattern_add_color_stop_rgb (tint, 1.0, 0.90, 0.93, 0.98);
      if (counterfeit)
        cairo_set_source_rgb (cr, 0.97, 0.97, 0.96);
      else
        cairo_set_source (cr, tint);
      cairo_paint (cr);
      cairo_pattern_destroy (tint);
      break;
    case DI_LIGHT_UV:
      if (counterfeit)
        cairo_set_source_rgb (cr, 0.62, 0.66, 0.93);   /* optical brighteners glow blue */
      else
        cairo_set_source_rgb (cr, 0.09, 0.07, 0.15);   /* dull security paper */
      cairo_paint (cr);
      break;
    case DI_LIGHT_IR:
    case DI_N_LIGHTS:
    default:
      cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
      cairo_paint (cr);
      break;
    }
}

static void
draw_blank (cairo_t          *cr,
            const KindLayout *layout,
            DiLight           light,
            gboolean          counterfeit)
{
  double arms_rgba[4];

  paper (cr, layout, light, counterfeit);
  draw_guilloche (cr, layout, light, counterfeit);

  set_ink (cr, INK_ARMS, light);
  cairo_pattern_get_rgba (cairo_get_source (cr), &arms_rgba[0], &arms_rgba[1], &arms_rgba[2],
                          &arms_rgba[3]);
  di_emblem_draw_arms (cr, layout->arms_x, layout->arms_y, layout->arms_size, arms_rgba);

  set_ink (cr, INK_TITLE, light);
  draw_text (cr, VALUE_FONT, layout->title_size, "UTOPIA", layout->title_x, layout->title_y, 0);
  draw_text (cr, LABEL_FONT, layout->title_size * 0.62, layout->title, layout->title_x,
             layout->title_y + layout->title_size * 1.25, 0);

  set_ink (cr, INK_LABEL, light);
  for (guint i = 0; i < MAX_VIZ_ITEMS && layout->items[i].label != NULL; i++)
    draw_text (cr, LABEL_FONT, layout->label_size, layout->items[i].label, layout->items[i].x,
               layout->items[i].y, layout->items[i].w + 6.0);
}

typedef struct {
  DiDocKind kind;
  DiLight   light;
  gboolean  counterfeit;
  double    dpi;
} BlankKey;

static GMutex blank_lock;
static GHashTable *blanks;   /* "kind/light/counterfeit/dpi" → cairo_surface_t */

static cairo_surface_t *
page_surface (const KindLayout *layout,
              double            dpi,
              cairo_t         **cr_out)
{
  int w = (int) lround (layout->width / 25.4 * dpi);
  int h = (int) lround (layout->height / 25.4 * dpi);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, w / layout->width, h / layout->height);
  *cr_out = cr;
  return surface;
}

/* The printed blank of a kind under a light: drawn once, then shared (read-only). */
static cairo_surface_t *
get_blank (const BlankKey *key)
{
  g_autofree char *name = g_strdup_printf ("%d/%d/%d/%.3f", key->kind, key->light,
                                           key->counterfeit, key->dpi);
  cairo_surface_t *surface;

  g_mutex_lock (&blank_lock);
  if (blanks == NULL)
    blanks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) cairo_surface_destroy);
  surface = g_hash_table_lookup (blanks, name);
  if (surface == NULL)
    {
      const KindLayout *layout = di_specimen_kind_layout (key->kind);
      cairo_t *cr;

      surface = page_surface (layout, key->dpi, &cr);
      draw_blank (cr, layout, key->light, key->counterfeit);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      g_hash_table_insert (blanks, g_steal_pointer (&name), surface);
    }
  cairo_surface_reference (surface);
  g_mutex_unlock (&blank_lock);
  return surface;
}

/* --- personalisation --------------------------------------------------------------------- */

static void
draw_fibres (cairo_t          *cr,
             const KindLayout *layout,
             guint32           seed)
{
  static const double colours[2][3] = { { 1.0, 0.25, 0.32 }, { 0.25, 0.72, 1.0 } };
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  int n = (int) (layout->width * layout->height / 180.0);

  cairo_set_line_width (cr, 0.14);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int i = 0; i < n; i++)
    {
      const double *c = colours[i % 2];
      double x = g_rand_double_range (rand, 1.0, layout->width - 1.0);
      double y = g_rand_double_range (rand, 1.0, layout->height - 1.0);
      double a = g_rand_double_range (rand, 0, 2 * G_PI);
      double len = g_rand_double_range (rand, 2.0, 5.0);
      double bend = g_rand_double_range (rand, -0.8, 0.8);

      cairo_set_source_rgb (cr, c[0], c[1], c[2]);
      cairo_move_to (cr, x, y);
      cairo_curve_to (cr, x + cos (a) * len / 3 - sin (a) * bend,
                      y + sin (a) * len / 3 + cos (a) * bend,
                      x + cos (a) * len * 2 / 3 + sin (a) * bend,
                      y + sin (a) * len * 2 / 3 - cos (a) * bend,
                      x + cos (a) * len, y + sin (a) * len);
      cairo_stroke (cr);
    }
}

/* The UV emblem: a sun of rays and rings, fluorescent, overprinted across the photo edge. */
static void
draw_uv_emblem (cairo_t          *cr,
                const DiSpecimen *self,
                const KindLayout *layout)
{
  double cx = layout->emblem_x, cy = layout->emblem_y, r = layout->emblem_r;

  if (self->emblem_missing)
    return;
  cairo_save (cr);
  cairo_new_path (cr);
  if (self->forgeries & DI_FORGERY_PHOTO_SUBSTITUTED)
    {
      /* the overprint went with the laminate over the old photo */
      cairo_rectangle (cr, 0, 0, layout->width, layout->height);
      cairo_rectangle (cr, layout->photo.x + layout->photo.w, layout->photo.y, -layout->photo.w,
                       layout->photo.h);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_clip (cr);
    }
  cairo_set_source_rgb (cr, self->emblem_colour[0], self->emblem_colour[1],
                        self->emblem_colour[2]);
  cairo_set_line_width (cr, r * 0.035);
  for (int ring = 1; ring <= 3; ring++)
    {
      cairo_arc (cr, cx, cy, r * (0.25 + ring * 0.17), 0, 2 * G_PI);
      cairo_stroke (cr);
    }
  for (int k = 0; k < 24; k++)
    {
      double a = k * G_PI / 12.0, inner = r * 0.82, outer = r * (k % 2 ? 0.95 : 1.0);

      cairo_move_to (cr, cx + cos (a - 0.05) * inner, cy + sin (a - 0.05) * inner);
      cairo_line_to (cr, cx + cos (a) * outer, cy + sin (a) * outer);
      cairo_line_to (cr, cx + cos (a + 0.05) * inner, cy + sin (a + 0.05) * inner);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  /* a five-pointed star in the centre */
  for (int k = 0; k < 10; k++)
    {
      double a = -G_PI / 2 + k * G_PI / 5.0, rr = r * (k % 2 ? 0.1 : 0.24);

      if (k == 0)
        cairo_move_to (cr, cx + cos (a) * rr, cy + sin (a) * rr);
      else
        cairo_line_to (cr, cx + cos (a) * rr, cy + sin (a) * rr);
    }
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

static DiFaceLook
face_look (DiLight light)
{
  return light == DI_LIGHT_WHITE ? DI_FACE_WHITE : light == DI_LIGHT_IR ? DI_FACE_IR : DI_FACE_UV;
}

static void
draw_photo (cairo_t          *cr,
            const DiSpecimen *self,
            const KindLayout *layout,
            DiLight           light)
{
  const DiRect *p = &layout->photo;
  gboolean pasted = (self->forgeries & DI_FORGERY_PHOTO_SUBSTITUTED) != 0;

  cairo_save (cr);
  if (pasted)
    {
      cairo_translate (cr, p->x + p->w / 2 + self->photo_dx, p->y + p->h / 2 + self->photo_dy);
      cairo_rotate (cr, self->photo_angle * G_PI / 180.0);
      cairo_translate (cr, -(p->x + p->w / 2), -(p->y + p->h / 2));
    }
  if (pasted && light == DI_LIGHT_UV)
    {
      /* photo paper has optical brighteners */
      cairo_set_source_rgb (cr, 0.35, 0.38, 0.62);
      cairo_rectangle (cr, p->x, p->y, p->w, p->h);
      cairo_fill (cr);
    }
  else
    di_face_draw (cr, &self->photo_face, face_look (light), p->x, p->y, p->w, p->h);
  if (pasted)
    {
      /* cut edges: a thin light rim and a shadow line */
      cairo_set_line_width (cr, 0.12);
      cairo_set_source_rgb (cr, light == DI_LIGHT_UV ? 0.5 : 0.96, light == DI_LIGHT_UV ? 0.52 : 0.96,
                            light == DI_LIGHT_UV ? 0.8 : 0.94);
      cairo_rectangle (cr, p->x, p->y, p->w, p->h);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, light == DI_LIGHT_UV ? 0.3 : 0.7);
      cairo_move_to (cr, p->x + 0.15, p->y + p->h + 0.12);
      cairo_line_to (cr, p->x + p->w + 0.12, p->y + p->h + 0.12);
      cairo_line_to (cr, p->x + p->w + 0.12, p->y + 0.15);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  /* the ghost image keeps the holder's own face */
  if (layout->ghost.w > 0)
    {
      if (light == DI_LIGHT_WHITE)
        di_face_draw (cr, &self->face, DI_FACE_GHOST, layout->ghost.x, layout->ghost.y,
                      layout->ghost.w, layout->ghost.h);
      else
        {
          cairo_push_group (cr);
          di_face_draw (cr, &self->face, face_look (light), layout->ghost.x, layout->ghost.y,
                        layout->ghost.w, layout->ghost.h);
          cairo_pop_group_to_source (cr);
          cairo_paint_with_alpha (cr, 0.45);
        }
    }
}

static void
draw_values (cairo_t          *cr,
             const DiSpecimen *self,
             const KindLayout *layout,
             DiLight           light)
{
  double rgba[4];

  set_ink (cr, INK_PERSONAL, light);
  cairo_pattern_get_rgba (cairo_get_source (cr), &rgba[0], &rgba[1], &rgba[2], &rgba[3]);
  for (guint i = 0; i < MAX_VIZ_ITEMS && layout->items[i].label != NULL; i++)
    {
      const VizItem *item = &layout->items[i];
      double top = item->y + layout->label_size * 1.3;

      if (item->slot == VIZ_SIGNATURE)
        di_emblem_draw_signature (cr, self->signature_seed, item->x, top, item->w,
                                  layout->value_size * 2.2, rgba);
      else if (self->viz[item->slot] != NULL)
        draw_text (cr, VALUE_FONT, layout->value_size, self->viz[item->slot], item->x, top,
                   item->w);
    }
}

static void
draw_mrz (cairo_t          *cr,
          const DiSpecimen *self,
          const KindLayout *layout,
          DiLight           light)
{
  guint n_lines = g_strv_length (self->mrz);

  if (light == DI_LIGHT_IR && self->mrz_ir_ink < 1.0)
    {
      double grey = 0.92 - (0.92 - 0.12) * self->mrz_ir_ink;

      if (self->mrz_ir_ink <= 0.0)
        return;
      cairo_set_source_rgb (cr, grey, grey, grey);
    }
  else
    set_ink (cr, INK_PERSONAL, light);

  for (guint l = 0; l < n_lines; l++)
    {
      double baseline = layout->height - layout->mrz_bottom - (n_lines - 1 - l) * MRZ_LINE_PITCH;

      for (guint c = 0; self->mrz[l][c] != '\0'; c++)
        {
          char ch[2] = { self->mrz[l][c], '\0' };
          g_autoptr (PangoLayout) text = text_layout (cr, MRZ_FONT, MRZ_EM, ch);
          double ascent = (double) pango_layout_get_baseline (text) / PANGO_SCALE;

          cairo_move_to (cr, layout->mrz_x + c * MRZ_PITCH, baseline - ascent);
          pango_cairo_show_layout (cr, text);
        }
    }
  cairo_new_path (cr);
}

/**
 * di_specimen_render:
 * @self: a specimen
 * @light: the reader's light
 * @dpi: resolution (150–600)
 *
 * Returns: (transfer full): the page under the light, CAIRO_FORMAT_RGB24, without capture
 *   effects (see di_capture_apply())
 */
cairo_surface_t *
di_specimen_render (const DiSpecimen *self,
                    DiLight           light,
                    double            dpi)
{
  const KindLayout *layout;
  BlankKey key;
  cairo_surface_t *blank, *surface;
  cairo_t *cr;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (light < DI_N_LIGHTS, NULL);
  g_return_val_if_fail (dpi >= 50 && dpi <= 1200, NULL);

  layout = di_specimen_kind_layout (self->kind);
  key = (BlankKey) { self->kind, light, (self->forgeries & DI_FORGERY_COUNTERFEIT_PAPER) != 0,
                     dpi };
  blank = get_blank (&key);
  surface = page_surface (layout, dpi, &cr);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_set_source_surface (cr, blank, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (blank);

  if (light == DI_LIGHT_UV && !key.counterfeit)
    draw_fibres (cr, layout, self->fibre_seed);
  draw_photo (cr, self, layout, light);
  draw_values (cr, self, layout, light);
  draw_mrz (cr, self, layout, light);
  if (light == DI_LIGHT_UV)
    draw_uv_emblem (cr, self, layout);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* --- the layout as a template description ----------------------------------------------- */

static void
set_rect (GKeyFile     *kf,
          const char   *group,
          const char   *key,
          const DiRect *r,
          char          separator)
{
  g_autofree char *value = g_strdup_printf ("%.2f%c%.2f%c%.2f%c%.2f", r->x, separator, r->y,
                                            separator, r->w, separator, r->h);

  g_key_file_set_string (kf, group, key, value);
}

static void
add_feature (GKeyFile     *kf,
             const char   *name,
             const char   *check,
             DiLight       light,
             const DiRect *rects,
             guint         n_rects,
             const char   *method,
             double        threshold,
             gboolean      at_most,
             gboolean      critical,
             const char   *colours,
             const char   *description)
{
  g_autofree char *group = g_strdup_printf ("feature:%s", name);
  GString *list = g_string_new (NULL);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < n_rects; i++)
    g_string_append_printf (list, "%s%.2f,%.2f,%.2f,%.2f", i > 0 ? ";" : "", rects[i].x,
                            rects[i].y, rects[i].w, rects[i].h);
  g_key_file_set_string (kf, group, "check", check);
  g_key_file_set_string (kf, group, "light", di_light_to_string (light));
  g_key_file_set_string (kf, group, "rects_mm", list->str);
  g_key_file_set_string (kf, group, "method", method);
  g_key_file_set_string (kf, group, "threshold", g_ascii_formatd (number, sizeof number, "%.3f",
                                                                  threshold));
  g_key_file_set_string (kf, group, "compare", at_most ? "max" : "min");
  g_key_file_set_boolean (kf, group, "critical", critical);
  if (colours != NULL)
    g_key_file_set_string (kf, group, "colours", colours);
  g_key_file_set_string (kf, group, "description", description);
  g_string_free (list, TRUE);
}

/**
 * di_specimen_layout:
 * @kind: a document kind
 * @dpi: the resolution the reference images will have
 *
 * Returns: (transfer full): the kind's template description (templates/README.md) without
 *   image keys, for `docinspect templates create`. The thresholds are starting values for
 *   the inspection to be calibrated against.
 */
GKeyFile *
di_specimen_layout (DiDocKind kind,
                    double    dpi)
{
  const KindLayout *l = di_specimen_kind_layout (kind);
  GKeyFile *kf = g_key_file_new ();
  const DiRect *p = &l->photo;
  DiRect emblem_photo = { p->x + p->w - l->emblem_r * 0.9, l->emblem_y - l->emblem_r * 0.9,
                          l->emblem_r * 0.9 - 0.6, l->emblem_r * 1.8 };
  DiRect emblem = { p->x + p->w + 0.6, l->emblem_y - l->emblem_r * 0.9, l->emblem_r * 0.9 - 0.6,
                    l->emblem_r * 1.8 };
  DiRect page = { 1.0, 1.0, l->width - 2.0, l->height - 2.0 };
  /* blank areas, the MRZ and the photo left of the UV emblem: a pasted photo glows */
  DiRect dull[MAX_SUBSTRATE_RECTS + 2] = {
    l->substrate[0], l->substrate[1], l->mrz_band,
    { p->x + 1.0, p->y + 1.0, p->w - l->emblem_r * 0.9 - 2.0, p->h - 2.0 },
  };
  DiRect arms = { l->arms_x - l->arms_size * 0.55, l->arms_y - l->arms_size * 0.6,
                  l->arms_size * 1.1, l->arms_size * 1.2 };
  DiRect mrz_text = { l->mrz_x - 1.0, l->mrz_band.y + 2.0, l->mrz_band.w - 2 * l->mrz_x + 2.0,
                      l->mrz_band.h - 3.0 };

  g_key_file_set_string (kf, "template", "id", l->id);
  g_key_file_set_string (kf, "template", "name", l->name);
  g_key_file_set_string (kf, "template", "issuing_state", "UTO");
  g_key_file_set_string (kf, "template", "document_code", l->document_code);
  g_key_file_set_string (kf, "template", "mrz_format", di_mrz_format_to_string (l->mrz_format));
  g_key_file_set_double (kf, "template", "width_mm", l->width);
  g_key_file_set_double (kf, "template", "height_mm", l->height);
  g_key_file_set_integer (kf, "template", "dpi", (int) lround (dpi));
  g_key_file_set_boolean (kf, "template", "specimen", TRUE);

  set_rect (kf, "mrz", "rect_mm", &l->mrz_band, ';');
  for (guint i = 0; i < MAX_VIZ_ITEMS && l->items[i].label != NULL; i++)
    {
      const VizItem *item = &l->items[i];
      g_autofree char *group = NULL;
      DiRect value = { item->x - 0.3, item->y + l->label_size * 1.3 - 0.3, item->w + 0.6,
                       l->value_size * 1.35 + 0.6 };

      if (item->slot >= DI_MRZ_N_FIELDS || item->slot == DI_MRZ_FIELD_NATIONALITY)
        continue;
      group = g_strdup_printf ("viz:%s", di_mrz_field_to_string (item->slot));
      set_rect (kf, group, "rect_mm", &value, ';');
      if (item->slot == DI_MRZ_FIELD_BIRTH_DATE || item->slot == DI_MRZ_FIELD_EXPIRY_DATE)
        g_key_file_set_string (kf, group, "format", "DD MMM YYYY");
    }

  add_feature (kf, "substrate", "uv.dull_paper", DI_LIGHT_UV, dull, G_N_ELEMENTS (dull),
               "luminance", 0.25, TRUE, TRUE, NULL,
               "Genuine data-page paper has no optical brighteners: it stays dull under UV, "
               "in the blank areas, the MRZ and the photo.");
  add_feature (kf, "emblem", "uv.feature.emblem", DI_LIGHT_UV, &emblem, 1, "pattern", 0.3,
               FALSE, TRUE, "#b8ff40",
               "A sun emblem printed in invisible ink glows yellow-green under UV beside the "
               "photo.");
  add_feature (kf, "emblem_photo", "uv.feature.emblem_photo", DI_LIGHT_UV, &emblem_photo, 1,
               "pattern", 0.3, FALSE, TRUE, "#b8ff40",
               "The UV sun emblem continues over the photo; a substituted photo interrupts it.");
  add_feature (kf, "fibres", "uv.fibres", DI_LIGHT_UV, &page, 1, "fibres", 2, FALSE, TRUE,
               "#ff404f;#40b8ff",
               "Security fibres in the paper glow red and blue under UV.");
  add_feature (kf, "mrz_ir", "ir.mrz_contrast", DI_LIGHT_IR, &mrz_text, 1, "print_contrast", 0.6,
               FALSE, TRUE, NULL,
               "The MRZ is printed in an ink that stays black in the infrared (ICAO 9303-3).");
  add_feature (kf, "guilloche_ir", "ir.invisible.guilloche", DI_LIGHT_IR, l->substrate,
               MAX_SUBSTRATE_RECTS, "dropout", 0.80, TRUE, FALSE, NULL,
               "The guilloche background is printed in inks that vanish in the infrared.");
  add_feature (kf, "personalisation_ir", "ir.visible.personalisation", DI_LIGHT_IR,
               &l->personalisation, 1, "visible", 0.5, FALSE, FALSE, NULL,
               "The holder's data is printed in an ink that stays black in the infrared.");
  if (l->ghost.w > 0)
    {
      add_feature (kf, "ghost", "photo.ghost", DI_LIGHT_WHITE, &l->ghost, 1, "ghost_match", 0.62,
                   FALSE, FALSE, NULL,
                   "The ghost image repeats the holder's photo in light tones.");
      set_rect (kf, "feature:ghost", "compare_with_mm", p, ',');
    }
  add_feature (kf, "guilloche", "white.pattern.guilloche", DI_LIGHT_WHITE, l->substrate,
               MAX_SUBSTRATE_RECTS, "pattern", 0.4, FALSE, FALSE, NULL,
               "Fine interlaced guilloche lines on a rainbow tint cover the page.");
  add_feature (kf, "arms", "white.pattern.arms", DI_LIGHT_WHITE, &arms, 1, "pattern", 0.5,
               FALSE, FALSE, NULL, "Utopia's arms are printed in brown ink at the top right.");
  return kf;
}
