/* caselog-bench.c — the library side of bench/bench-caselog
 *
 *   caselog-bench append --log DB --scan-set DIR --report FILE --count N
 *       N cases, each with the scan set's images made unique (8 bytes past the end of each
 *       file change per case, which image readers ignore), durable as in service; prints
 *       the time of each di_caselog_append() in milliseconds, one per line
 *   caselog-bench generate --log DB --report FILE --count N [--days D]
 *       a large log fast (no fsync, no images): N cases spread over D days (365), 20 stations,
 *       200 officers, the verdicts, decisions and reviews in realistic shares
 *
 * Bad usage: one line on stderr, exit status 2.
 */
#define _POSIX_C_SOURCE 200809L

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "di-caselog.h"
#include "di-scan-set.h"

static int
fail (const char *message)
{
  fprintf (stderr, "caselog-bench: %s\n", message);
  return 2;
}

/* Copies @path into @dir; the copy's name. */
static char *
copy_image (const char *path,
            const char *dir,
            const char *name)
{
  g_autofree char *content = NULL;
  gsize len;
  char *copy = g_build_filename (dir, name, NULL);

  if (!g_file_get_contents (path, &content, &len, NULL) ||
      !g_file_set_contents (copy, content, len, NULL))
    g_error ("cannot copy %s", path);
  return copy;
}

/* Writes 8 bytes of @n just past the image data, so that every case has its own files. */
static void
make_unique (const char *path,
             gsize       end,
             guint64     n)
{
  int fd = open (path, O_WRONLY);

  if (fd < 0 || pwrite (fd, &n, sizeof n, end) != sizeof n)
    g_error ("cannot write %s", path);
  close (fd);
}

static int
run_append (const char *db,
            const char *scan_set,
            const char *report,
            int         count)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DiCaseLog) log = di_caselog_open (db, &error);
  g_autofree char *tmp = g_dir_make_tmp ("caselog-bench-XXXXXX", NULL);
  char *found[DI_N_LIGHTS] = { NULL };
  char *copies[DI_N_LIGHTS] = { NULL };
  gsize sizes[DI_N_LIGHTS] = { 0 };
  DiCaseInput input = { 0 };

  if (log == NULL)
    return fail (error->message);
  if (!di_scan_set_find (scan_set, found, &error))
    return fail (error->message);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    if (found[l] != NULL)
      {
        g_autofree char *base = g_path_get_basename (found[l]);
        struct stat st;

        copies[l] = copy_image (found[l], tmp, base);
        g_stat (copies[l], &st);
        sizes[l] = st.st_size;
        input.images[l] = copies[l];
      }
  input.report_json = report;
  input.officer = "bench";
  input.station = "bench";
  for (int i = 0; i < count; i++)
    {
      gint64 start;

      for (DiLight l = 0; l < DI_N_LIGHTS; l++)
        if (copies[l] != NULL)
          make_unique (copies[l], sizes[l], ((guint64) g_random_int () << 32) | (guint) i);
      start = g_get_monotonic_time ();
      if (di_caselog_append (log, &input, &error) == 0)
        return fail (error->message);
      printf ("%.3f\n", (g_get_monotonic_time () - start) / 1000.0);
    }
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    {
      if (copies[l] != NULL)
        g_unlink (copies[l]);
      g_free (copies[l]);
      g_free (found[l]);
    }
  g_rmdir (tmp);
  return 0;
}

static char *
with_verdict (const char *report,
              const char *verdict)
{
  const char *key = strstr (report, "\"verdict\":\"");
  const char *end = key != NULL ? strchr (key + 11, '"') : NULL;

  if (end == NULL)
    g_error ("the report has no verdict");
  return g_strdup_printf ("%.*s\"verdict\":\"%s%s", (int) (key - report), report, verdict, end);
}

static int
run_generate (const char *db,
              const char *report,
              int         count,
              int         days)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  struct group *gr = getgrgid (getegid ());
  static const char *const verdicts[] = { "accept", "accept", "accept", "review", "reject" };
  static const char *const decisions[] = { "accepted", "refused", "referred" };
  static const char *const dispositions[] = { "false-alarm", "false-alarm", "confirmed-fraud",
                                              "needs-follow-up" };

  /* this process reviews: it must be a supervisor of the new log */
  if (gr != NULL)
    g_setenv (DI_CASELOG_GROUP_ENV, gr->gr_name, TRUE);
  log = di_caselog_open (db, &error);
  if (log == NULL)
    return fail (error->message);
  di_caselog_set_durable (log, FALSE);
  for (int i = 0; i < count; i++)
    {
      /* oldest first, as a log grows */
      g_autoptr (GDateTime) at = g_date_time_add_seconds (now, -(double) days * 86400 *
                                                               (count - i) / count);
      const char *verdict = verdicts[g_rand_int_range (rand, 0, G_N_ELEMENTS (verdicts))];
      g_autofree char *officer = g_strdup_printf ("officer-%03d", g_rand_int_range (rand, 0, 200));
      g_autofree char *station = g_strdup_printf ("booth-%02d", g_rand_int_range (rand, 0, 20));
      g_autofree char *text = NULL;
      DiCaseInput input = { 0 };
      gint64 id;

      /* the report of a real inspection, its verdict replaced */
      text = with_verdict (report, verdict);
      input.report_json = text;
      input.officer = officer;
      input.station = station;
      input.decision = g_rand_int_range (rand, 0, 2) == 0
                         ? decisions[g_rand_int_range (rand, 0, G_N_ELEMENTS (decisions))]
                         : NULL;
      di_caselog_set_now_for_testing (log, at);
      di_caselog_set_user_for_testing (log, station);
      id = di_caselog_append (log, &input, &error);
      if (id == 0)
        return fail (error->message);
      di_caselog_set_user_for_testing (log, NULL);
      if (!g_str_equal (verdict, "accept") && g_rand_int_range (rand, 0, 3) > 0)
        {
          const char *d = dispositions[g_rand_int_range (rand, 0, G_N_ELEMENTS (dispositions))];

          if (!di_caselog_review (log, id, d, "bench review", &error))
            return fail (error->message);
        }
      if ((i + 1) % 10000 == 0)
        fprintf (stderr, "caselog-bench: %d cases\n", i + 1);
    }
  di_caselog_set_durable (log, TRUE);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db = NULL, *scan_set = NULL, *report_path = NULL, *report = NULL;
  int count = 100, days = 365;
  const GOptionEntry entries[] = {
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &db, "The case log", "DB" },
    { "scan-set", 0, 0, G_OPTION_ARG_FILENAME, &scan_set, "append: the images", "DIR" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path, "An inspect --json object", "FILE" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Cases (100)", "N" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "generate: spread over this many days (365)", "D" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("append|generate");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);
  if (argc != 2 || db == NULL || report_path == NULL || count < 1 || days < 1)
    return fail ("usage: caselog-bench append|generate --log DB --report FILE [--count N] …");
  if (!g_file_get_contents (report_path, &report, NULL, &error))
    return fail (error->message);
  g_strstrip (report);
  if (g_str_equal (argv[1], "append"))
    {
      if (scan_set == NULL)
        return fail ("append needs --scan-set DIR");
      return run_append (db, scan_set, report, count);
    }
  if (g_str_equal (argv[1], "generate"))
    return run_generate (db, report, count, days);
  return fail ("the command is append or generate");
}
