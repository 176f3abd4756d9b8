/* di-cli.c — the `docinspect` command line (contract in DESIGN.md)
 *
 * Every command exits 0 when it ran and passed, 1 when it ran and flagged, 2 when it could
 * not run, with one line on stderr saying why. Nothing personal goes to stderr.
 */
#define G_LOG_DOMAIN "di-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "di-app.h"
#include "di-cli-private.h"
#include "di-scan-set.h"

#define MAX_STDIN_BYTES (1024 * 1024)

int
di_cli_fail (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("docinspect: %s\n", message);
  return DI_EXIT_ERROR;
}

gboolean
di_cli_parse_options (const char         *group,
                      const char         *command,
                      const char         *parameters,
                      const char         *summary,
                      const GOptionEntry *entries,
                      int                *argc,
                      char             ***argv,
                      int                *status)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameters);
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, summary);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = di_cli_fail ("%s %s: %s", group, command, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
di_cli_parse_date (const char *text,
                   GDate      *out)
{
  int y, m, d;
  char tail;

  g_date_clear (out, 1);
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

static char *
read_stdin (GError **error)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    {
      g_string_append_len (text, buffer, n);
      if (text->len > MAX_STDIN_BYTES)
        {
          g_string_free (text, TRUE);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "standard input is larger than %d bytes", MAX_STDIN_BYTES);
          return NULL;
        }
    }
  if (ferror (stdin))
    {
      g_string_free (text, TRUE);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read standard input");
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static gsize
n_characters (const char *line)
{
  g_autofree char *valid = g_utf8_make_valid (line, -1);

  return g_utf8_strlen (valid, -1);
}

/* Splits lines into MRZs: up to three lines are one MRZ; more are taken in order as
 * 3 lines of 30 or 2 lines of 36 or 44 characters, any other line on its own. */
static GPtrArray *
group_mrz_lines (const char *text)
{
  g_auto (GStrv) raw = g_strsplit_set (text, "\r\n", -1);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *line = g_strstrip (g_strdup (raw[i]));

      if (*line != '\0')
        g_ptr_array_add (lines, line);
      else
        g_free (line);
    }

  for (guint i = 0; i < lines->len;)
    {
      gsize len = n_characters (lines->pdata[i]);
      guint take = 1;

      if (lines->len <= 3)
        take = lines->len;
      else if (len == 30 && i + 2 < lines->len && n_characters (lines->pdata[i + 1]) == 30 &&
               n_characters (lines->pdata[i + 2]) == 30)
        take = 3;
      else if ((len == 36 || len == 44) && i + 1 < lines->len &&
               n_characters (lines->pdata[i + 1]) == len)
        take = 2;

      {
        char **group = g_new0 (char *, take + 1);

        for (guint k = 0; k < take; k++)
          group[k] = g_strdup (lines->pdata[i + k]);
        g_ptr_array_add (groups, group);
      }
      i += take;
    }
  if (groups->len == 0)
    g_ptr_array_add (groups, g_new0 (char *, 1));
  return groups;
}

void
di_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  g_print ("%s\n", text);
}

/* An image, or for a scan set folder its IR image (the background drops out in B900),
 * else its white one. */
static char *
image_of (const char *arg,
          GError    **error)
{
  char *paths[DI_N_LIGHTS];
  char *chosen;

  if (!g_file_test (arg, G_FILE_TEST_IS_DIR))
    return g_strdup (arg);
  if (!di_scan_set_find (arg, paths, error))
    return NULL;
  chosen = paths[DI_LIGHT_IR] != NULL ? paths[DI_LIGHT_IR] : paths[DI_LIGHT_WHITE];
  if (chosen == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "the scan set %s has neither an IR nor a white image", arg);
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    if (paths[light] != chosen)
      g_free (paths[light]);
  return chosen;
}

static int
read_images (char       **images,
             gboolean     json,
             const GDate *reference)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DiOcr) ocr = di_ocr_new (NULL, &error);
  int status = DI_EXIT_OK;

  if (ocr == NULL)
    return di_cli_fail ("mrz: %s", error->message);
  for (guint i = 0; images[i] != NULL; i++)
    {
      g_autoptr (GTimer) timer = g_timer_new ();
      g_autofree char *path = image_of (images[i], &error);
      DiOcrResult result;

      if (path == NULL || !di_ocr_read_file (ocr, path, reference, &result, &error))
        {
          di_cli_fail ("mrz: %s", error->message);
          g_clear_error (&error);
          status = DI_EXIT_ERROR;
          continue;
        }
      if (json)
        {
          g_autoptr (JsonNode) node = di_report_ocr_json (images[i], &result,
                                                          g_timer_elapsed (timer, NULL) * 1000);

          di_cli_print_json (node);
        }
      else
        {
          g_print ("%sImage: %s\n", i > 0 ? "\n" : "", images[i]);
          if (result.mrz != NULL)
            {
              g_autofree char *report = di_report_mrz_text (result.mrz);

              g_print ("Rotation: %.0f°\n%s", result.rotation, report);
            }
          else
            g_print ("No MRZ was found in the image.\n");
        }
      if (status == DI_EXIT_OK && (result.mrz == NULL || !di_mrz_is_valid (result.mrz)))
        status = DI_EXIT_FLAGGED;
      di_ocr_result_clear (&result);
    }
  return status;
}

static int
cmd_mrz (int    argc,
         char **argv)
{
  gboolean json = FALSE, text = FALSE;
  g_autofree char *date = NULL;
  g_auto (GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object per MRZ", NULL },
    { "text", 0, 0, G_OPTION_ARG_NONE, &text,
      "The arguments are MRZ lines, not images (- reads them from standard input)", NULL },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      "Place two-digit years against this date instead of today", "YYYY-MM-DD" },
    /* raw bytes: the MRZ checks judge any character, the locale need not convert it */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "IMAGE… | LINE…" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- read and validate an MRZ");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autofree char *input = NULL;
  GDate reference;
  int status = DI_EXIT_OK;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "docinspect mrz [--json] IMAGE|SCANDIR…  find, read and validate the MRZ\n"
                                "docinspect mrz [--json] --text LINE…    parse and validate MRZ text\n"
                                "docinspect mrz [--json] --text -        the same, lines from standard input");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return di_cli_fail ("mrz: %s", error->message);
  g_date_clear (&reference, 1);
  if (date != NULL && !di_cli_parse_date (date, &reference))
    return di_cli_fail ("mrz: --date wants a calendar date as YYYY-MM-DD");
  if (rest == NULL || rest[0] == NULL)
    return di_cli_fail ("mrz: give MRZ lines with --text, or an image (see docinspect mrz --help)");
  if (!text)
    return read_images (rest, json, g_date_valid (&reference) ? &reference : NULL);

  if (g_strv_length (rest) == 1 && g_str_equal (rest[0], "-"))
    {
      input = read_stdin (&error);
      if (input == NULL)
        return di_cli_fail ("mrz: %s", error->message);
    }
  else
    input = g_strjoinv ("\n", rest);

  groups = group_mrz_lines (input);
  for (guint i = 0; i < groups->len; i++)
    {
      char **lines = groups->pdata[i];
      g_autoptr (DiMrz) mrz = di_mrz_parse ((const char *const *) lines, g_strv_length (lines),
                                            g_date_valid (&reference) ? &reference : NULL);

      if (json)
        {
          g_autoptr (JsonNode) node = di_report_mrz_json (mrz);

          di_cli_print_json (node);
        }
      else
        {
          g_autofree char *report = di_report_mrz_text (mrz);

          g_print ("%s%s", i > 0 ? "\n" : "", report);
        }
      if (!di_mrz_is_valid (mrz))
        status = DI_EXIT_FLAGGED;
    }
  return status;
}

static const struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "mrz", cmd_mrz, "read and validate a Machine Readable Zone" },
  { "exercise", di_cli_exercise, "generate and score forged-document exercises" },
  { "templates", di_cli_templates, "list, show, validate or create reference templates" },
  { "inspect", di_cli_inspect, "inspect scan sets against their templates: a verdict with reasons" },
  { "cases", di_cli_cases, "the case log: list, show, decide, review, export, verify, stats, purge" },
};

static void
print_usage (void)
{
  g_print ("Usage: docinspect COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, commands[i].summary);
  g_print ("\nExit status: 0 ran and passed, 1 ran and flagged, 2 could not run.\n"
           "Run 'docinspect COMMAND --help' for a command's options.\n");
}

/**
 * di_cli_main:
 * @argc: argument count
 * @argv: arguments, the command first
 *
 * Returns: the exit status (#DiExit)
 */
int
di_cli_main (int    argc,
             char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2)
    return di_cli_fail ("no command given (see docinspect --help)");
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage ();
      return DI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("docinspect %s\n", PACKAGE_VERSION);
      return DI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("docinspect %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }
  return di_cli_fail ("unknown command '%s' (see docinspect --help)", argv[1]);
}
