/* gui-bench.c — how fast the booth shows a scan set, and whether the window keeps answering
 * while the inspection runs. Run it through bench/bench-gui (under Xvfb).
 *
 *   gui-bench [--runs N] SCANDIR...
 *
 * Each run opens the next scan set in the booth (the booth.open-path action, as the file
 * chooser, a drop or the reader folder do) and measures, from the action:
 *   - images: until the white image is decoded and a frame with it is painted;
 *   - all lights: until the three images are decoded;
 *   - verdict: until the report is on the document (inspection and logging);
 * and, until the verdict, how long the main loop went without running: a 5 ms timeout's
 * lateness (the longest, and the 99th percentile over all the runs), and the longest gap
 * between frames while a tick callback asks for one every frame.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "di-test-util.h"
#include "di-ui.h"

#define TICK_MS 5

typedef struct {
  gint64   start;
  gint64   white_at;      /* the white image decoded */
  gint64   painted_at;    /* a frame painted after it */
  gint64   lights_at;
  gint64   verdict_at;
  gint64   last_tick;     /* of the timeout */
  gint64   last_frame;
  gint64   worst_frame_gap;
  GArray  *lateness;      /* gint64 µs, all runs */
  gboolean measuring;
} Run;

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gint64
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, MIN (values->len - 1, (guint) (p * values->len)));
}

static gint64
median (GArray *values)
{
  return percentile (values, 0.5);
}

static gint64
worst (GArray *values)
{
  return percentile (values, 1.0);
}

/* The worst but for the first run (sorting reorders: call before percentile ()) */
static gint64
worst_after_first (GArray *values)
{
  gint64 w = 0;

  for (guint i = 1; i < values->len; i++)
    w = MAX (w, g_array_index (values, gint64, i));
  return w;
}

static gboolean
tick_cb (gpointer data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();

  if (run->measuring && run->last_tick > 0)
    {
      gint64 late = now - run->last_tick - TICK_MS * 1000;

      g_array_append_val (run->lateness, late);
    }
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();

  if (run->measuring && run->last_frame > 0)
    run->worst_frame_gap = MAX (run->worst_frame_gap, now - run->last_frame);
  run->last_frame = now;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  Run *run = data;

  if (run->white_at > 0 && run->painted_at == 0)
    run->painted_at = g_get_monotonic_time ();
}

static void
image_loaded_cb (DiDocument *document,
                 int         light,
                 gpointer    data)
{
  Run *run = data;
  gboolean all = TRUE;

  if (light == DI_LIGHT_WHITE)
    run->white_at = g_get_monotonic_time ();
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    all &= di_document_get_path (document, l) == NULL ||
           di_document_get_rgb (document, l) != NULL;
  if (all)
    run->lights_at = g_get_monotonic_time ();
}

static void
report_cb (DiDocument *document,
           GParamSpec *pspec,
           gpointer    data)
{
  Run *run = data;

  run->verdict_at = g_get_monotonic_time ();
}

static gint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoll (line + 6, NULL, 10) : 0;
}

typedef struct {
  GArray *images;      /* gint64 µs per run */
  GArray *lights;
  GArray *verdicts;
  GArray *frame_gaps;
  GArray *lateness;    /* every tick of every run */
} Pass;

static void
pass_init (Pass *pass)
{
  pass->images = g_array_new (FALSE, FALSE, sizeof (gint64));
  pass->lights = g_array_new (FALSE, FALSE, sizeof (gint64));
  pass->verdicts = g_array_new (FALSE, FALSE, sizeof (gint64));
  pass->frame_gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  pass->lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
pass_clear (Pass *pass)
{
  g_array_unref (pass->images);
  g_array_unref (pass->lights);
  g_array_unref (pass->verdicts);
  g_array_unref (pass->frame_gaps);
  g_array_unref (pass->lateness);
}

/* Opens the scan sets in turn @runs times; with @animated, a frame is asked for at every
 * frame meanwhile (as while the guard pans or zooms). FALSE when a folder is no scan set. */
static gboolean
run_pass (DiWindow          *window,
          const char *const *sets,
          int                runs,
          gboolean           animated,
          Pass              *pass)
{
  DiBoothPage *booth = di_window_get_booth_page (window);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Run run = { 0 };
  guint tick, frames = 0;
  gulong painted;

  run.lateness = pass->lateness;
  tick = g_timeout_add (TICK_MS, tick_cb, &run);
  painted = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &run);
  if (animated)
    frames = gtk_widget_add_tick_callback (GTK_WIDGET (window), frame_cb, &run, NULL);
  for (int i = 0; i < runs; i++)
    {
      const char *folder = sets[i % g_strv_length ((char **) sets)];
      DiDocument *document;
      gint64 v;

      run.start = g_get_monotonic_time ();
      run.white_at = run.painted_at = run.lights_at = run.verdict_at = 0;
      run.worst_frame_gap = 0;
      run.last_frame = run.last_tick = 0;
      run.measuring = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (booth), "booth.open-path", "s", folder);
      document = di_booth_page_get_document (booth);
      if (document == NULL || g_strcmp0 (di_document_get_name (document), folder) != 0)
        {
          fprintf (stderr, "gui-bench: %s is not a scan set\n", folder);
          return FALSE;
        }
      g_signal_connect (document, "image-loaded", G_CALLBACK (image_loaded_cb), &run);
      g_signal_connect (document, "notify::report", G_CALLBACK (report_cb), &run);
      g_signal_connect (document, "notify::error", G_CALLBACK (report_cb), &run);
      while (run.verdict_at == 0 || run.painted_at == 0 || run.lights_at == 0)
        g_main_context_iteration (NULL, TRUE);
      run.measuring = FALSE;
      g_signal_handlers_disconnect_by_data (document, &run);
      v = run.painted_at - run.start;
      g_array_append_val (pass->images, v);
      v = run.lights_at - run.start;
      g_array_append_val (pass->lights, v);
      v = run.verdict_at - run.start;
      g_array_append_val (pass->verdicts, v);
      g_array_append_val (pass->frame_gaps, run.worst_frame_gap);
      /* the next document comes after a pause, as at the booth */
      di_test_run_main_loop_for (300);
    }
  if (animated)
    gtk_widget_remove_tick_callback (GTK_WIDGET (window), frames);
  g_signal_handler_disconnect (clock, painted);
  g_source_remove (tick);
  return TRUE;
}

static void
print_pass (const char *title,
            Pass       *pass,
            gboolean    animated)
{
  gint64 first = g_array_index (pass->images, gint64, 0);
  gint64 first_verdict = g_array_index (pass->verdicts, gint64, 0);
  gint64 after_first = worst_after_first (pass->images);

  printf ("%s\n", title);
  printf ("  white image on screen   median %5.1f ms   90th percentile %5.1f ms   worst %5.1f ms\n",
          median (pass->images) / 1000.0, percentile (pass->images, 0.9) / 1000.0,
          worst (pass->images) / 1000.0);
  printf ("    the first scan set: %5.1f ms (verdict %4.0f ms); the others at worst %5.1f ms\n",
          first / 1000.0, first_verdict / 1000.0, after_first / 1000.0);
  printf ("  three lights decoded    median %5.1f ms   worst %5.1f ms\n",
          median (pass->lights) / 1000.0, worst (pass->lights) / 1000.0);
  printf ("  verdict (inspected, logged)  median %4.0f ms   worst %4.0f ms\n",
          median (pass->verdicts) / 1000.0, worst (pass->verdicts) / 1000.0);
  printf ("  main loop late while inspecting (5 ms timer)  99th percentile %5.1f ms   worst %5.1f ms"
          "   (%u ticks)\n", percentile (pass->lateness, 0.99) / 1000.0,
          worst (pass->lateness) / 1000.0, pass->lateness->len);
  if (animated)
    printf ("  longest gap between frames while inspecting   median of runs %5.1f ms   worst %5.1f ms\n",
            median (pass->frame_gaps) / 1000.0, worst (pass->frame_gaps) / 1000.0);
}

int
main (int    argc,
      char **argv)
{
  int runs = 20;
  g_auto (GStrv) sets = NULL;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Scan sets to open in each pass (in turn)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sets, NULL, "SCANDIR…" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- the booth's speed");
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (DiApplication) app = NULL;
  g_autofree char *workdir = NULL, *log = NULL;
  Pass quiet, animated;
  DiWindow *window;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || sets == NULL || runs < 1)
    {
      fprintf (stderr, "gui-bench: %s\n", error != NULL ? error->message
                                                        : "give scan set folders (and --runs N ≥ 1)");
      return 2;
    }
  gtk_init ();
  adw_init ();
  di_ui_init ();
  settings = di_application_settings_new (&error);
  if (settings == NULL)
    {
      fprintf (stderr, "gui-bench: %s\n", error->message);
      return 2;
    }
  workdir = g_dir_make_tmp ("gui-bench-XXXXXX", NULL);
  log = g_build_filename (workdir, "cases.db", NULL);
  g_settings_set_string (settings, "case-log", log);
  app = di_application_new (settings, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      fprintf (stderr, "gui-bench: %s\n", error->message);
      return 2;
    }
  window = di_window_new (ADW_APPLICATION (app), di_application_get_station (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_frame_clock (GTK_WIDGET (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* the engines load before the first run, as they do while the window opens */
  di_test_run_main_loop_for (3000);

  pass_init (&quiet);
  pass_init (&animated);
  ok = run_pass (window, (const char *const *) sets, runs, FALSE, &quiet) &&
       run_pass (window, (const char *const *) sets, runs, TRUE, &animated);
  if (ok)
    {
      printf ("booth: %d scan sets opened in each pass (%u folders in turn), renderer %s\n",
              runs, g_strv_length (sets),
              G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
      print_pass ("the window otherwise still (the first scan set is the first after start-up):",
                  &quiet, FALSE);
      print_pass ("a frame drawn at every frame meanwhile (as while panning or zooming):",
                  &animated, TRUE);
      printf ("peak memory %.0f MiB\n", peak_rss_kib () / 1024.0);
    }
  pass_clear (&quiet);
  pass_clear (&animated);
  gtk_window_destroy (GTK_WINDOW (window));
  di_test_remove_tree (workdir);
  return ok ? 0 : 2;
}
