/* di-cli-templates.c — `docinspect templates list|show|validate|create`
 *
 * Exit status as for every command: 0 ran and passed, 1 ran and flagged (a template with
 * problems), 2 could not run, with one line on stderr.
 */
#define G_LOG_DOMAIN "di-cli"

#include "config.h"

#include <string.h>

#include "di-app.h"
#include "di-cli-private.h"
#include "di-template.h"

#define fail(...) di_cli_fail ("templates " __VA_ARGS__)
#define parse_options(...) di_cli_parse_options ("templates", __VA_ARGS__)

/* The folder of templates: --dir, else the default one; it must exist. */
static char *
templates_dir (const char *option,
               const char *command,
               int        *status)
{
  g_autofree char *dir = option != NULL ? g_strdup (option) : di_template_default_dir ();

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      *status = fail ("%s: the templates folder %s does not exist", command, dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

/* --- JSON -------------------------------------------------------------------------------- */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static void
add_boolean (JsonBuilder *b,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

static void
add_rect (JsonBuilder  *b,
          const DiRect *rect)
{
  json_builder_begin_object (b);
  add_double (b, "x", rect->x);
  add_double (b, "y", rect->y);
  add_double (b, "w", rect->w);
  add_double (b, "h", rect->h);
  json_builder_end_object (b);
}

static void
add_summary (JsonBuilder      *b,
             const DiTemplate *t)
{
  add_string (b, "id", di_template_get_id (t));
  add_string (b, "name", di_template_get_name (t));
  add_string (b, "issuing_state", di_template_get_issuing_state (t));
  add_string (b, "document_code", di_template_get_document_code (t));
  add_string (b, "mrz_format", di_mrz_format_to_string (di_template_get_mrz_format (t)));
  add_boolean (b, "specimen", di_template_is_specimen (t));
  add_string (b, "dir", di_template_get_dir (t));
}

static void
add_feature (JsonBuilder             *b,
             const DiTemplateFeature *f)
{
  json_builder_begin_object (b);
  add_string (b, "name", f->name);
  add_string (b, "check", f->check);
  add_string (b, "light", di_light_to_string (f->light));
  json_builder_set_member_name (b, "rects_mm");
  json_builder_begin_array (b);
  for (guint i = 0; i < f->rects->len; i++)
    add_rect (b, &g_array_index (f->rects, DiRect, i));
  json_builder_end_array (b);
  add_string (b, "method", di_method_to_string (f->method));
  add_double (b, "threshold", f->threshold);
  add_string (b, "compare", f->at_most ? "max" : "min");
  add_boolean (b, "critical", f->critical);
  json_builder_set_member_name (b, "colours");
  json_builder_begin_array (b);
  for (guint i = 0; i < f->colours->len; i++)
    {
      g_autofree char *colour = g_strdup_printf ("#%06X", g_array_index (f->colours, guint32, i));

      json_builder_add_string_value (b, colour);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "compare_with_mm");
  if (f->method == DI_METHOD_GHOST_MATCH)
    add_rect (b, &f->compare_with);
  else
    json_builder_add_null_value (b);
  add_string (b, "description", f->description);
  json_builder_end_object (b);
}

static JsonNode *
template_json (const DiTemplate *t)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const DiTemplateFeature *features;
  const DiTemplateViz *viz;
  DiRect mrz;
  double width, height;
  guint n;

  json_builder_begin_object (b);
  add_summary (b, t);
  di_template_get_size_mm (t, &width, &height);
  add_double (b, "width_mm", width);
  add_double (b, "height_mm", height);
  add_double (b, "dpi", di_template_get_dpi (t));

  json_builder_set_member_name (b, "images");
  json_builder_begin_object (b);
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autofree char *path = di_template_get_image_path (t, light);

      add_string (b, di_light_to_string (light), path);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "mrz_rect_mm");
  if (di_template_get_mrz_rect (t, &mrz))
    add_rect (b, &mrz);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "viz");
  json_builder_begin_array (b);
  viz = di_template_get_viz (t, &n);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      add_string (b, "field", di_mrz_field_to_string (viz[i].field));
      json_builder_set_member_name (b, "rect_mm");
      add_rect (b, &viz[i].rect);
      json_builder_set_member_name (b, "format");
      if (viz[i].format != NULL)
        json_builder_add_string_value (b, viz[i].format);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "features");
  json_builder_begin_array (b);
  features = di_template_get_features (t, &n);
  for (guint i = 0; i < n; i++)
    add_feature (b, &features[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* --- text -------------------------------------------------------------------------------- */

static char *
rect_text (const DiRect *rect)
{
  return g_strdup_printf ("%g x %g mm at %g,%g", rect->w, rect->h, rect->x, rect->y);
}

static void
print_template (const DiTemplate *t)
{
  const DiTemplateFeature *features;
  const DiTemplateViz *viz;
  DiRect mrz;
  double width, height;
  guint n;

  di_template_get_size_mm (t, &width, &height);
  g_print ("%s - %s\n", di_template_get_id (t), di_template_get_name (t));
  g_print ("Folder          %s\n", di_template_get_dir (t));
  g_print ("Issuing state   %s\n", di_template_get_issuing_state (t));
  g_print ("Document code   %s\n", di_template_get_document_code (t));
  g_print ("MRZ format      %s\n", di_mrz_format_describe (di_template_get_mrz_format (t)));
  g_print ("Page            %g x %g mm, references at %g dpi\n", width, height,
           di_template_get_dpi (t));
  g_print ("Specimen        %s\n", di_template_is_specimen (t) ? "yes" : "no");
  if (di_template_get_mrz_rect (t, &mrz))
    {
      g_autofree char *text = rect_text (&mrz);

      g_print ("MRZ band        %s\n", text);
    }

  viz = di_template_get_viz (t, &n);
  if (n > 0)
    g_print ("\nVisual zone\n");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = rect_text (&viz[i].rect);

      g_print ("  %-16s %s%s%s\n", di_mrz_field_to_string (viz[i].field), text,
               viz[i].format != NULL ? ", printed " : "",
               viz[i].format != NULL ? viz[i].format : "");
    }

  features = di_template_get_features (t, &n);
  g_print ("\nFeatures (%u)\n", n);
  for (guint i = 0; i < n; i++)
    {
      const DiTemplateFeature *f = &features[i];

      g_print ("  %s: %s, %s light, %s %s %g, %s\n", f->name, f->check,
               di_light_to_string (f->light), di_method_to_string (f->method),
               f->at_most ? "<=" : ">=", f->threshold, f->critical ? "critical" : "not critical");
      for (guint k = 0; k < f->rects->len; k++)
        {
          g_autofree char *text = rect_text (&g_array_index (f->rects, DiRect, k));

          g_print ("      region %s\n", text);
        }
      if (f->method == DI_METHOD_GHOST_MATCH)
        {
          g_autofree char *text = rect_text (&f->compare_with);

          g_print ("      compared with %s\n", text);
        }
      for (guint k = 0; k < f->colours->len; k++)
        g_print ("      colour #%06X\n", g_array_index (f->colours, guint32, k));
      g_print ("      %s\n", f->description);
    }
}

/* --- subcommands ------------------------------------------------------------------------- */

static int
cmd_list (int    argc,
          char **argv)
{
  g_autofree char *dir_option = NULL;
  g_autofree char *dir = NULL;
  g_auto (GStrv) rest = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir_option, "A folder of templates", "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GPtrArray) templates = NULL;
  int status = DI_EXIT_OK;

  if (!parse_options ("list", "- list the reference templates",
                      "One line per valid template: id, name, issuing state, document code, "
                      "MRZ format (tab-separated).\nFolders that are not valid templates are "
                      "left out: see docinspect templates validate.", entries, &argc, &argv,
                      &status))
    return status;
  if (rest != NULL && rest[0] != NULL)
    return fail ("list: unexpected argument '%s'", rest[0]);
  dir = templates_dir (dir_option, "list", &status);
  if (dir == NULL)
    return status;

  templates = di_template_list (dir);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      add_string (b, "dir", dir);
      json_builder_set_member_name (b, "templates");
      json_builder_begin_array (b);
      for (guint i = 0; i < templates->len; i++)
        {
          json_builder_begin_object (b);
          add_summary (b, templates->pdata[i]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      di_cli_print_json (root);
      return DI_EXIT_OK;
    }

  for (guint i = 0; i < templates->len; i++)
    {
      const DiTemplate *t = templates->pdata[i];

      g_print ("%s\t%s\t%s\t%s\t%s\n", di_template_get_id (t), di_template_get_name (t),
               di_template_get_issuing_state (t), di_template_get_document_code (t),
               di_mrz_format_to_string (di_template_get_mrz_format (t)));
    }
  return DI_EXIT_OK;
}

/* ID names a template of the templates folder; anything with a '/' (or a folder that is no
 * template id there) is a folder path. */
static char *
resolve_template (const char *arg,
                  const char *dir_option,
                  int        *status)
{
  g_autofree char *dir = NULL;
  g_autofree char *candidate = NULL;

  if (strchr (arg, G_DIR_SEPARATOR) != NULL || g_str_equal (arg, ".") ||
      g_str_equal (arg, ".."))
    return g_strdup (arg);
  dir = dir_option != NULL ? g_strdup (dir_option) : di_template_default_dir ();
  candidate = g_build_filename (dir, arg, NULL);
  if (g_file_test (candidate, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&candidate);
  if (g_file_test (arg, G_FILE_TEST_IS_DIR))
    return g_strdup (arg);
  *status = fail ("show: no template '%s' in %s", arg, dir);
  return NULL;
}

static int
cmd_show (int    argc,
          char **argv)
{
  g_autofree char *dir_option = NULL;
  g_autofree char *path = NULL;
  g_auto (GStrv) rest = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir_option, "The folder of templates to find ID in",
      "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "ID|DIR" },
    { NULL }
  };
  g_autoptr (DiTemplate) t = NULL;
  g_autoptr (GError) error = NULL;
  int status = DI_EXIT_OK;

  if (!parse_options ("show", "- show a reference template",
                      "Shows a template given by its id (in the templates folder) or by its "
                      "folder.", entries, &argc, &argv, &status))
    return status;
  if (rest == NULL || rest[0] == NULL)
    return fail ("show: give a template id or folder");
  if (rest[1] != NULL)
    return fail ("show: give one template, not '%s' too", rest[1]);
  path = resolve_template (rest[0], dir_option, &status);
  if (path == NULL)
    return status;

  t = di_template_load (path, &error);
  if (t == NULL)
    return fail ("show: %s", error->message);
  if (json)
    {
      g_autoptr (JsonNode) root = template_json (t);

      di_cli_print_json (root);
    }
  else
    print_template (t);
  return DI_EXIT_OK;
}

static int
cmd_validate (int    argc,
              char **argv)
{
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "DIR…" },
    { NULL }
  };
  int status = DI_EXIT_OK;

  if (!parse_options ("validate", "- check template folders",
                      "Prints each problem of each folder on a line of its own, or 'valid'.\n"
                      "Exit status: 0 all valid, 1 a problem found, 2 a folder missing.",
                      entries, &argc, &argv, &status))
    return status;
  if (rest == NULL || rest[0] == NULL)
    return fail ("validate: give one or more template folders");
  for (guint i = 0; rest[i] != NULL; i++)
    if (!g_file_test (rest[i], G_FILE_TEST_IS_DIR))
      return fail ("validate: %s is not a folder", rest[i]);

  for (guint i = 0; rest[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) problems = di_template_validate (rest[i]);

      if (problems->len == 0)
        g_print ("%s: valid\n", rest[i]);
      for (guint k = 0; k < problems->len; k++)
        g_print ("%s: %s\n", rest[i], (const char *) problems->pdata[k]);
      if (problems->len > 0)
        status = DI_EXIT_FLAGGED;
    }
  return status;
}

static int
cmd_create (int    argc,
            char **argv)
{
  g_autofree char *scans = NULL;
  g_autofree char *layout = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "scans", 0, 0, G_OPTION_ARG_FILENAME, &scans,
      "Scan set of a genuine specimen (white, uv and ir images of the page only)", "DIR" },
    { "layout", 0, 0, G_OPTION_ARG_FILENAME, &layout,
      "template.ini without the image keys", "FILE" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      "The template folder to write, named after the layout's id", "DIR" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr (GError) error = NULL;
  int status = DI_EXIT_OK;

  if (!parse_options ("create", "- build a template from reference scans",
                      "The scans are resampled to the layout's page size and dpi and written as "
                      "PNG beside template.ini;\nthe result is validated. An existing, non-empty "
                      "--out folder is never overwritten.", entries, &argc, &argv, &status))
    return status;
  if (rest != NULL && rest[0] != NULL)
    return fail ("create: unexpected argument '%s'", rest[0]);
  if (scans == NULL || layout == NULL || out == NULL)
    return fail ("create: give --scans DIR, --layout FILE and --out DIR");
  if (!di_template_create (scans, layout, out, &error))
    return fail ("create: %s", error->message);
  g_print ("%s: created\n", out);
  return DI_EXIT_OK;
}

static const struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *usage;
} subcommands[] = {
  { "list", cmd_list, "list [--dir DIR] [--json]" },
  { "show", cmd_show, "show [--dir DIR] [--json] ID|DIR" },
  { "validate", cmd_validate, "validate DIR…" },
  { "create", cmd_create, "create --scans DIR --layout FILE --out DIR" },
};

/**
 * di_cli_templates:
 * @argc: argument count
 * @argv: arguments: `templates`, then the subcommand and its options
 *
 * Runs `docinspect templates list|show|validate|create`.
 *
 * Returns: the exit status (#DiExit)
 */
int
di_cli_templates (int    argc,
                  char **argv)
{
  if (argc < 2)
    return fail ("needs list, show, validate or create (see docinspect templates --help)");
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      g_print ("Usage:\n");
      for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
        g_print ("  docinspect templates %s\n", subcommands[i].usage);
      g_print ("\nTemplates are looked for in --dir, else $DOCINSPECT_TEMPLATES, else the "
               "installed templates.\nRun 'docinspect templates SUBCOMMAND --help' for its "
               "options.\n");
      return DI_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("docinspect templates %s",
                                                    subcommands[i].name);

        g_set_prgname (prgname);
        return subcommands[i].run (argc - 1, argv + 1);
      }
  return fail ("'%s' is not a subcommand: list, show, validate or create", argv[1]);
}
