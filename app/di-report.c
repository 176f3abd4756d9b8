/* di-report.c — MRZ results as the JSON of DESIGN.md and as a readable report */
#define G_LOG_DOMAIN "di-report"

#include "config.h"

#include <math.h>

#include "di-app.h"
#include "di-inspect.h"
#include "di-ocr.h"

/* JSON ranges are ICAO positions: 1-based lines and columns, end inclusive. */
static void
add_range (JsonBuilder      *b,
           const DiMrzRange *range)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "line");
  json_builder_add_int_value (b, range->line + 1);
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, range->start + 1);
  json_builder_set_member_name (b, "end");
  json_builder_add_int_value (b, range->end);
  json_builder_end_object (b);
}

/**
 * di_json_add_string:
 * @b: a builder inside an object
 * @name: the member
 * @value: (nullable): its value; %NULL writes null
 */
void
di_json_add_string (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_char (JsonBuilder *b,
          const char  *name,
          char         c)
{
  char s[2] = { c, '\0' };

  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, s);
}

static const DiMrzField json_fields[] = {
  DI_MRZ_FIELD_DOCUMENT_CODE, DI_MRZ_FIELD_ISSUING_STATE, DI_MRZ_FIELD_SURNAME,
  DI_MRZ_FIELD_GIVEN_NAMES, DI_MRZ_FIELD_DOCUMENT_NUMBER, DI_MRZ_FIELD_NATIONALITY,
  DI_MRZ_FIELD_BIRTH_DATE, DI_MRZ_FIELD_BIRTH_DATE_RAW, DI_MRZ_FIELD_SEX,
  DI_MRZ_FIELD_EXPIRY_DATE, DI_MRZ_FIELD_EXPIRY_DATE_RAW, DI_MRZ_FIELD_OPTIONAL_DATA,
  DI_MRZ_FIELD_OPTIONAL_DATA_2,
};

/* The fields that the visual zone prints, for the list of unprotected ones. */
static const DiMrzField data_fields[] = {
  DI_MRZ_FIELD_DOCUMENT_CODE, DI_MRZ_FIELD_ISSUING_STATE, DI_MRZ_FIELD_SURNAME,
  DI_MRZ_FIELD_GIVEN_NAMES, DI_MRZ_FIELD_DOCUMENT_NUMBER, DI_MRZ_FIELD_NATIONALITY,
  DI_MRZ_FIELD_BIRTH_DATE, DI_MRZ_FIELD_SEX, DI_MRZ_FIELD_EXPIRY_DATE,
  DI_MRZ_FIELD_OPTIONAL_DATA, DI_MRZ_FIELD_OPTIONAL_DATA_2,
};

/**
 * di_report_mrz_json:
 * @mrz: a parsed or repaired MRZ
 *
 * Returns: (transfer full): the `mrz --json` object of DESIGN.md: found, format, lines,
 *   valid, specimen, fields, unprotected_fields, checks, warnings, repairs, uncertain,
 *   confidence
 */
JsonNode *
di_report_mrz_json (const DiMrz *mrz)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  DiMrzFormat format = di_mrz_get_format (mrz);
  const DiMrzCheck *checks;
  const DiMrzWarning *warnings;
  const DiMrzRepair *repairs;
  const DiMrzUncertain *uncertain;
  guint n;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "found");
  json_builder_add_boolean_value (b, format != DI_MRZ_FORMAT_UNKNOWN);
  di_json_add_string (b, "format", di_mrz_format_to_string (format));

  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  for (guint i = 0; i < di_mrz_get_n_lines (mrz); i++)
    json_builder_add_string_value (b, di_mrz_get_line (mrz, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "valid");
  json_builder_add_boolean_value (b, di_mrz_is_valid (mrz));
  json_builder_set_member_name (b, "specimen");
  json_builder_add_boolean_value (b, di_mrz_is_specimen (mrz));

  json_builder_set_member_name (b, "fields");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (json_fields); i++)
    di_json_add_string (b, di_mrz_field_to_string (json_fields[i]),
                        di_mrz_get_field (mrz, json_fields[i]));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "unprotected_fields");
  json_builder_begin_array (b);
  if (format != DI_MRZ_FORMAT_UNKNOWN)
    for (guint i = 0; i < G_N_ELEMENTS (data_fields); i++)
      if (di_mrz_get_field (mrz, data_fields[i]) != NULL &&
          !di_mrz_field_is_protected (mrz, data_fields[i]))
        json_builder_add_string_value (b, di_mrz_field_to_string (data_fields[i]));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "checks");
  json_builder_begin_array (b);
  checks = di_mrz_get_checks (mrz, &n);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, checks[i].id);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, di_check_status_to_string (checks[i].status));
      di_json_add_string (b, "field", checks[i].field);
      json_builder_set_member_name (b, "ranges");
      json_builder_begin_array (b);
      for (guint k = 0; k < checks[i].n_ranges; k++)
        add_range (b, &checks[i].ranges[k]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, checks[i].message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  warnings = di_mrz_get_warnings (mrz, &n);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, warnings[i].id);
      json_builder_set_member_name (b, "range");
      add_range (b, &warnings[i].range);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, warnings[i].message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "repairs");
  json_builder_begin_array (b);
  repairs = di_mrz_get_repairs (mrz, &n);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, repairs[i].line + 1);
      json_builder_set_member_name (b, "column");
      json_builder_add_int_value (b, repairs[i].column + 1);
      add_char (b, "from", repairs[i].from);
      add_char (b, "to", repairs[i].to);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "uncertain");
  json_builder_begin_array (b);
  uncertain = di_mrz_get_uncertain (mrz, &n);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, uncertain[i].line + 1);
      json_builder_set_member_name (b, "column");
      json_builder_add_int_value (b, uncertain[i].column + 1);
      add_char (b, "read", uncertain[i].read);
      add_char (b, "alternative", uncertain[i].alternative);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "confidence");
  json_builder_add_double_value (b, di_mrz_get_confidence (mrz));
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* --- text -------------------------------------------------------------------------------- */

static const struct {
  DiMrzField  field;
  const char *label;
} text_fields[] = {
  { DI_MRZ_FIELD_DOCUMENT_CODE, "Document code" },
  { DI_MRZ_FIELD_ISSUING_STATE, "Issuing state" },
  { DI_MRZ_FIELD_SURNAME, "Surname" },
  { DI_MRZ_FIELD_GIVEN_NAMES, "Given names" },
  { DI_MRZ_FIELD_DOCUMENT_NUMBER, "Document number" },
  { DI_MRZ_FIELD_NATIONALITY, "Nationality" },
  { DI_MRZ_FIELD_BIRTH_DATE, "Date of birth" },
  { DI_MRZ_FIELD_SEX, "Sex" },
  { DI_MRZ_FIELD_EXPIRY_DATE, "Date of expiry" },
  { DI_MRZ_FIELD_OPTIONAL_DATA, "Optional data" },
  { DI_MRZ_FIELD_OPTIONAL_DATA_2, "Optional data 2" },
};

/* The state of a field's checks in a few words: the failing check's sentence if any. */
static char *
field_status (const DiMrz *mrz,
              DiMrzField   field)
{
  const char *name = di_mrz_field_to_string (field);
  const DiMrzCheck *checks;
  gboolean digit = FALSE;
  guint n;

  if (field == DI_MRZ_FIELD_GIVEN_NAMES)
    name = "surname";   /* the name check covers both */
  checks = di_mrz_get_checks (mrz, &n);
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (checks[i].field, name) != 0)
        continue;
      if (checks[i].status == DI_CHECK_FAIL)
        return g_strdup_printf ("FAILED: %s", checks[i].message);
      digit |= g_str_has_prefix (checks[i].id, "mrz.check_digit.");
    }
  if (digit)
    return g_strdup ("check digit ok");
  if (di_mrz_field_is_protected (mrz, field))
    return g_strdup ("ok, covered by the composite check digit");
  return g_strdup ("ok, no check digit protects it");
}

static const char *
display_value (const DiMrz *mrz,
               DiMrzField   field,
               char        *buffer,
               gsize        size)
{
  const char *value = di_mrz_get_field (mrz, field);

  if (field == DI_MRZ_FIELD_BIRTH_DATE || field == DI_MRZ_FIELD_EXPIRY_DATE)
    {
      const char *raw = di_mrz_get_field (mrz, field == DI_MRZ_FIELD_BIRTH_DATE
                                               ? DI_MRZ_FIELD_BIRTH_DATE_RAW
                                               : DI_MRZ_FIELD_EXPIRY_DATE_RAW);

      g_snprintf (buffer, size, "%s (%s)", value != NULL ? value : "not a date", raw);
      return buffer;
    }
  if ((field == DI_MRZ_FIELD_ISSUING_STATE || field == DI_MRZ_FIELD_NATIONALITY) &&
      di_mrz_country_name (value) != NULL)
    {
      g_snprintf (buffer, size, "%s (%s)", value, di_mrz_country_name (value));
      return buffer;
    }
  if (*value == '\0')
    return "(empty)";
  return value;
}

/**
 * di_report_mrz_text:
 * @mrz: a parsed or repaired MRZ
 *
 * Returns: (transfer full): a readable report: the verdict, the lines, one line per field
 *   with its value and whether its check held, then repairs, warnings and failures
 */
char *
di_report_mrz_text (const DiMrz *mrz)
{
  GString *out = g_string_new (NULL);
  DiMrzFormat format = di_mrz_get_format (mrz);
  const DiMrzCheck *checks;
  const DiMrzWarning *warnings;
  const DiMrzRepair *repairs;
  const DiMrzUncertain *uncertain;
  guint n;

  g_string_append_printf (out, "MRZ: %s: %s%s\n", di_mrz_format_describe (format),
                          di_mrz_is_valid (mrz) ? "VALID" : "INVALID",
                          di_mrz_is_specimen (mrz) ? " (specimen)" : "");
  for (guint i = 0; i < di_mrz_get_n_lines (mrz); i++)
    g_string_append_printf (out, "  %s\n", di_mrz_get_line (mrz, i));

  if (format != DI_MRZ_FORMAT_UNKNOWN)
    {
      const DiMrzCheck *composite = di_mrz_find_check (mrz, "mrz.check_digit.composite");

      g_string_append_c (out, '\n');
      for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
        {
          char buffer[128];
          g_autofree char *status = NULL;

          if (di_mrz_get_field (mrz, text_fields[i].field) == NULL)
            continue;
          status = field_status (mrz, text_fields[i].field);
          g_string_append_printf (out, "%-17s %-32s %s\n", text_fields[i].label,
                                  display_value (mrz, text_fields[i].field, buffer,
                                                 sizeof buffer), status);
        }
      if (composite != NULL)
        g_string_append_printf (out, "%-50s %s%s\n", "Composite check digit",
                                composite->status == DI_CHECK_PASS ? "ok" : "FAILED: ",
                                composite->status == DI_CHECK_PASS ? "" : composite->message);
    }

  repairs = di_mrz_get_repairs (mrz, &n);
  if (n > 0)
    g_string_append (out, "\nRepaired characters (proven by check digits or field syntax):\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "  line %u, column %u: %c read, %c taken\n",
                            repairs[i].line + 1, repairs[i].column + 1, repairs[i].from,
                            repairs[i].to);

  uncertain = di_mrz_get_uncertain (mrz, &n);
  if (n > 0)
    g_string_append (out, "\nCharacters the check digits cannot confirm:\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "  line %u, column %u: %c, possibly %c\n",
                            uncertain[i].line + 1, uncertain[i].column + 1, uncertain[i].read,
                            uncertain[i].alternative);

  warnings = di_mrz_get_warnings (mrz, &n);
  if (n > 0)
    g_string_append (out, "\nWarnings:\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "  - %s\n", warnings[i].message);

  checks = di_mrz_get_checks (mrz, &n);
  for (guint i = 0, shown = 0; i < n; i++)
    if (checks[i].status == DI_CHECK_FAIL)
      {
        if (shown++ == 0)
          g_string_append (out, "\nFailed checks:\n");
        g_string_append_printf (out, "  - %s (%s)\n", checks[i].message, checks[i].id);
      }
  return g_string_free (out, FALSE);
}

/**
 * di_report_ocr_json:
 * @image: the image's path
 * @result: what the reader found
 * @timing_ms: the time it took
 *
 * Returns: (transfer full): the `mrz --json` object of an image: that of the MRZ read (or,
 *   when none was found, `found` false and a failed `mrz.found` check), with `image`,
 *   `rotation`, `quadrilateral` (the MRZ corners as read upright, pixels of the image as
 *   shown, EXIF orientation applied) and `timing_ms`
 */
JsonNode *
di_report_ocr_json (const char        *image,
                    const DiOcrResult *result,
                    double             timing_ms)
{
  JsonNode *node;
  JsonObject *o;

  if (result->mrz != NULL)
    node = di_report_mrz_json (result->mrz);
  else
    {
      g_autoptr (DiMrz) nothing = di_mrz_parse (NULL, 0, NULL);
      JsonObject *check;

      node = di_report_mrz_json (nothing);
      check = json_array_get_object_element (json_object_get_array_member (
                                               json_node_get_object (node), "checks"), 0);
      json_object_set_string_member (check, "id", "mrz.found");
      json_object_set_string_member (check, "message", "No MRZ was found in the image.");
    }
  o = json_node_get_object (node);
  json_object_set_string_member (o, "image", image);
  if (result->mrz != NULL)
    {
      JsonArray *quad = json_array_new ();

      json_object_set_double_member (o, "rotation", round (result->rotation * 10) / 10);
      for (guint i = 0; i < 4; i++)
        {
          JsonArray *point = json_array_new ();

          json_array_add_double_element (point, round (result->quad[i].x * 10) / 10);
          json_array_add_double_element (point, round (result->quad[i].y * 10) / 10);
          json_array_add_array_element (quad, point);
        }
      json_object_set_array_member (o, "quadrilateral", quad);
    }
  else
    {
      json_object_set_null_member (o, "rotation");
      json_object_set_null_member (o, "quadrilateral");
    }
  json_object_set_double_member (o, "timing_ms", round (timing_ms * 10) / 10);
  return node;
}

/* --- inspections ------------------------------------------------------------------------- */

static double
round3 (double x)
{
  return round (x * 1000) / 1000;
}

/**
 * di_json_member_string:
 * @o: (nullable): an object
 * @name: a member
 *
 * Returns: (nullable): the member's string, %NULL when it is missing, null or no string
 */
const char *
di_json_member_string (JsonObject *o,
                       const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
di_json_member_object (JsonObject *o,
                       const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
di_json_member_array (JsonObject *o,
                      const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * di_json_member_double:
 * @o: (nullable): an object
 * @name: a member
 * @out: (out): its value
 *
 * Returns: %TRUE when the member is a number (integer or not)
 */
gboolean
di_json_member_double (JsonObject *o,
                       const char *name,
                       double     *out)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_DOUBLE:
    case G_TYPE_INT64:
      *out = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * di_report_inspection_json:
 * @self: an inspection
 *
 * Returns: (transfer full): the `inspect --json` object of DESIGN.md: scan_set, verdict,
 *   reasons, template, mrz (the `mrz --json` object of the image it was read from), checks
 *   (id, status, critical, light, region_mm, score, threshold, compare, diagnosis, sentence,
 *   crop, reference_crop; read: the text read in a visual-zone field), page_transform (the
 *   homography from millimetres on the template's page to pixels of the white scan, or null),
 *   timing_ms
 */
JsonNode *
di_report_inspection_json (const DiInspection *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const DiInspectCheck *checks;
  const char *const *reasons = di_inspection_get_reasons (self);
  const char *mrz_image = di_inspection_get_mrz_image (self);
  double h[9];
  guint n;

  json_builder_begin_object (b);
  di_json_add_string (b, "scan_set", di_inspection_get_name (self));
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, di_verdict_to_string (di_inspection_get_verdict (self)));
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint i = 0; reasons[i] != NULL; i++)
    json_builder_add_string_value (b, reasons[i]);
  json_builder_end_array (b);
  di_json_add_string (b, "template", di_inspection_get_template_id (self));
  json_builder_set_member_name (b, "mrz");
  if (mrz_image != NULL)
    json_builder_add_value (b, di_report_ocr_json (mrz_image, di_inspection_get_mrz (self), 0));
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "checks");
  json_builder_begin_array (b);
  checks = di_inspection_get_checks (self, &n);
  for (guint i = 0; i < n; i++)
    {
      const DiInspectCheck *c = &checks[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, c->id);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, di_check_status_to_string (c->status));
      json_builder_set_member_name (b, "critical");
      json_builder_add_boolean_value (b, c->critical);
      di_json_add_string (b, "light", c->has_light ? di_light_to_string (c->light) : NULL);
      json_builder_set_member_name (b, "region_mm");
      if (c->has_region)
        {
          json_builder_begin_array (b);
          json_builder_add_double_value (b, round3 (c->region.x));
          json_builder_add_double_value (b, round3 (c->region.y));
          json_builder_add_double_value (b, round3 (c->region.w));
          json_builder_add_double_value (b, round3 (c->region.h));
          json_builder_end_array (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "score");
      if (c->has_score)
        json_builder_add_double_value (b, round3 (c->score));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "threshold");
      if (c->has_threshold)
        json_builder_add_double_value (b, round3 (c->threshold));
      else
        json_builder_add_null_value (b);
      di_json_add_string (b, "compare", c->has_threshold ? (c->at_most ? "max" : "min") : NULL);
      di_json_add_string (b, "diagnosis", c->diagnosis);
      di_json_add_string (b, "sentence", c->sentence);
      di_json_add_string (b, "crop", c->crop);
      di_json_add_string (b, "reference_crop", c->reference_crop);
      if (g_str_has_prefix (c->id, "viz."))
        di_json_add_string (b, "read", c->read);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "page_transform");
  if (di_inspection_get_page_transform (self, h))
    {
      json_builder_begin_array (b);
      for (guint k = 0; k < 9; k++)
        json_builder_add_double_value (b, h[k]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "timing_ms");
  json_builder_add_double_value (b, round (di_inspection_get_timing_ms (self) * 10) / 10);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/**
 * di_report_inspection_text:
 * @self: an inspection
 *
 * Returns: (transfer full): the verdict first, then its reasons, the MRZ, and every check
 */
char *
di_report_inspection_text (const DiInspection *self)
{
  GString *out = g_string_new (NULL);
  const char *const *reasons = di_inspection_get_reasons (self);
  const DiOcrResult *mrz = di_inspection_get_mrz (self);
  const DiInspectCheck *checks;
  guint n;
  g_autofree char *verdict = g_ascii_strup (di_verdict_to_string (di_inspection_get_verdict (self)),
                                            -1);

  g_string_append_printf (out, "%s: %s\n", di_inspection_get_name (self), verdict);
  for (guint i = 0; reasons[i] != NULL; i++)
    g_string_append_printf (out, "  - %s\n", reasons[i]);
  g_string_append_printf (out, "Template: %s\n", di_inspection_get_template_id (self) != NULL
                                                  ? di_inspection_get_template_id (self)
                                                  : "none");
  if (mrz->mrz != NULL)
    {
      g_autofree char *report = di_report_mrz_text (mrz->mrz);

      g_string_append_printf (out, "\n%s", report);
    }
  g_string_append (out, "\nChecks:\n");
  checks = di_inspection_get_checks (self, &n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "  %-9s %-34s %s\n",
                            checks[i].status == DI_CHECK_PASS ? "pass"
                            : checks[i].status == DI_CHECK_FAIL ? (checks[i].critical ? "FAIL"
                                                                                      : "fail")
                            : "not done", checks[i].id, checks[i].sentence);
  return g_string_free (out, FALSE);
}
