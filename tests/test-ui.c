/* test-ui.c — the desktop application in a real window (Xvfb): the booth opens a genuine
 * and a forged scan set and shows the right verdict; the light switch, a check, a decision,
 * the reader folder, the supervisor's list, a review under four eyes, the charts, an export,
 * an exercise generated and run in trainee mode, and the Georgian translation. Each view is
 * saved as a screenshot in the build folder (tests/screenshots/).
 *
 * The cases run in order in one window, as a day at the booth would: later ones use the cases
 * the earlier ones logged.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <string.h>
#include <unistd.h>

#include "di-test-util.h"
#include "di-ui.h"

#define TIMEOUT_S 60

static DiApplication *app;
static DiWindow *window;
static GSettings *settings;
static char *workdir;
static char *log_path;

/* --- helpers ------------------------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds; fails the test after TIMEOUT_S */
static void
wait_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
texture_ready_cb (GdkPaintable *paintable,
                  gpointer      data)
{
  *(gboolean *) data = TRUE;
}

/* A window as drawn, saved to tests/screenshots/NAME.png of the build folder: the main
 * window's content without its toasts, which come and go */
static void
screenshot_window (GtkWindow  *toplevel,
                   const char *name)
{
  GtkWidget *widget = DI_IS_WINDOW (toplevel)
                      ? adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (
                          adw_application_window_get_content (ADW_APPLICATION_WINDOW (toplevel))))
                      : GTK_WIDGET (toplevel);
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  gboolean ready = FALSE;
  int w, h;

  di_test_run_main_loop_for (400);
  gtk_test_widget_wait_for_draw (widget);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (texture_ready_cb), &ready);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (toplevel)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}

static void
screenshot (const char *name)
{
  screenshot_window (GTK_WINDOW (window), name);
}

static char *
scan_set (const char *name)
{
  return g_build_filename (g_getenv ("DI_TESTDATA"), "scans", name, NULL);
}

static DiBoothPage *
booth (void)
{
  return di_window_get_booth_page (window);
}

static DiInspectionView *
booth_view (void)
{
  return di_booth_page_get_inspection_view (booth ());
}

static gboolean
document_inspected (gpointer data)
{
  DiDocument *document = di_booth_page_get_document (booth ());

  return document != NULL && g_strcmp0 (di_document_get_name (document), data) == 0 &&
         di_document_get_loaded (document) &&
         (di_document_get_report (document) != NULL || di_document_get_error (document) != NULL) &&
         di_document_get_case_id (document) > 0;
}

/* Opens a scan set through the booth's action and waits for its verdict */
static DiDocument *
open_in_booth (const char *folder)
{
  DiDocument *document;

  di_window_show_view (window, "booth");
  gtk_widget_activate_action (GTK_WIDGET (booth ()), "booth.open-path", "s", folder);
  document = di_booth_page_get_document (booth ());
  g_assert_nonnull (document);
  g_assert_cmpstr (di_document_get_name (document), ==, folder);
  wait_until (document_inspected, (gpointer) folder, "the inspection");
  g_assert_null (di_document_get_error (document));
  return document;
}

static DiCaseLog *
open_log (void)
{
  g_autoptr (GError) error = NULL;
  DiCaseLog *log = di_caselog_open (log_path, &error);

  g_assert_no_error (error);
  return log;
}

/* --- the booth ---------------------------------------------------------------------------- */

static void
test_booth_genuine (void)
{
  g_autofree char *folder = scan_set ("passport-genuine");
  DiDocument *document = open_in_booth (folder);
  DiInspectionView *view = booth_view ();
  JsonObject *report = di_document_get_report (document);
  JsonArray *lines = json_object_get_array_member (json_object_get_object_member (report, "mrz"),
                                                   "lines");
  const char *markup = di_inspection_view_get_mrz_markup (view);

  g_assert_cmpstr (di_document_get_verdict (document), ==, "accept");
  g_assert_cmpstr (di_inspection_view_get_banner_title (view), ==, "Accept");
  /* the checks that did not pass are listed; the passed ones when asked for */
  g_assert_cmpuint (di_inspection_view_get_n_check_rows (view), <,
                    json_array_get_length (json_object_get_array_member (report, "checks")));
  di_inspection_view_show_passed (view);
  g_assert_cmpuint (di_inspection_view_get_n_check_rows (view), ==,
                    json_array_get_length (json_object_get_array_member (report, "checks")));
  /* the MRZ is shown character by character, its first characters unmarked */
  g_assert_true (g_str_has_prefix (markup, "P&lt;UTO"));
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  /* the white checks and the MRZ are drawn on the page */
  screenshot ("booth-genuine");
  di_inspection_view_show_sidebar_page (view, "data");
  screenshot ("booth-mrz");
  di_inspection_view_show_sidebar_page (view, "checks");
  g_assert_cmpuint (di_page_view_get_n_regions (di_inspection_view_get_page_view (view)), >, 3);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (view)));
  /* what trainee mode hides (test_trainer_trainee) is shown here */
  g_assert_true (di_inspection_view_get_analysis_visible (view));
  g_assert_true (strstr (di_booth_page_get_status (booth ()), "Logged as case") != NULL);
}

static void
test_booth_forged (void)
{
  g_autofree char *folder = scan_set ("passport-photo-substituted");
  DiDocument *document = open_in_booth (folder);
  DiInspectionView *view = booth_view ();
  JsonObject *emblem = di_document_find_check (document, "uv.feature.emblem_photo");

  g_assert_cmpstr (di_document_get_verdict (document), ==, "reject");
  g_assert_cmpstr (di_inspection_view_get_banner_title (view), ==, "Reject");
  g_assert_nonnull (emblem);
  g_assert_cmpstr (json_object_get_string_member (emblem, "status"), ==, "fail");
  screenshot ("booth-forged");
}

static void
test_booth_light_switch (void)
{
  DiInspectionView *view = booth_view ();
  DiPageView *page = di_inspection_view_get_page_view (view);
  DiDocument *document = di_booth_page_get_document (booth ());
  guint white_regions;

  g_assert_cmpint (di_page_view_get_light (page), ==, DI_LIGHT_WHITE);
  di_test_run_main_loop_for (100);
  white_regions = di_page_view_get_n_regions (page);
  gtk_widget_activate_action (GTK_WIDGET (view), "inspection.light", "s", "uv");
  g_assert_cmpint (di_page_view_get_light (page), ==, DI_LIGHT_UV);
  screenshot ("booth-uv");
  /* under UV the UV checks are drawn, and the MRZ */
  g_assert_cmpuint (di_page_view_get_n_regions (page), >=, 4);
  g_assert_cmpuint (di_page_view_get_n_regions (page), !=, white_regions);
  g_assert_nonnull (di_document_get_rgb (document, DI_LIGHT_UV));
  /* one key goes on to the next light */
  gtk_widget_activate_action (GTK_WIDGET (booth ()), "booth.cycle-light", NULL);
  g_assert_cmpint (di_page_view_get_light (page), ==, DI_LIGHT_IR);
  screenshot ("booth-ir");
  gtk_widget_activate_action (GTK_WIDGET (booth ()), "booth.cycle-light", NULL);
  g_assert_cmpint (di_page_view_get_light (page), ==, DI_LIGHT_WHITE);
  /* zoom */
  gtk_widget_activate_action (GTK_WIDGET (view), "inspection.zoom-in", NULL);
  g_assert_cmpfloat (di_page_view_get_zoom (page), >, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (view), "inspection.zoom-fit", NULL);
  g_assert_cmpfloat (di_page_view_get_zoom (page), ==, 1.0);
}

static gboolean
reference_shown (gpointer data)
{
  gboolean captured, reference;

  return di_inspection_view_get_crops_shown (data, &captured, &reference) && captured &&
         reference;
}

static void
test_booth_check_selection (void)
{
  DiInspectionView *view = booth_view ();
  DiPageView *page = di_inspection_view_get_page_view (view);
  JsonObject *check = di_document_find_check (di_booth_page_get_document (booth ()),
                                              "uv.feature.emblem_photo");
  const char *score;

  gtk_widget_activate_action (GTK_WIDGET (view), "inspection.select-check", "s",
                              "uv.feature.emblem_photo");
  /* the check's light, its region marked, its sentence, score and threshold */
  g_assert_cmpint (di_page_view_get_light (page), ==, DI_LIGHT_UV);
  g_assert_cmpstr (di_page_view_get_selected_check (page), ==, "uv.feature.emblem_photo");
  g_assert_cmpstr (di_inspection_view_get_detail_sentence (view), ==,
                   json_object_get_string_member (check, "sentence"));
  score = di_inspection_view_get_detail_score (view);
  g_assert_true (strstr (score, "0.3") != NULL);
  g_assert_true (strstr (score, "or more") != NULL);
  /* the captured crop at once, the reference's when decoded */
  wait_until (reference_shown, view, "the reference crop");
  screenshot ("booth-check");

  gtk_widget_activate_action (GTK_WIDGET (view), "inspection.select-check", "s", "");
  g_assert_null (di_inspection_view_get_detail_sentence (view));
  g_assert_null (di_page_view_get_selected_check (page));
  gtk_widget_activate_action (GTK_WIDGET (view), "inspection.light", "s", "white");
}

static gboolean
decision_recorded (gpointer data)
{
  return g_strcmp0 (di_booth_page_get_decision (booth ()), data) == 0;
}

static GtkWindow *
message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);

      /* the list holds the window: it outlives this reference */
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static void
test_booth_decision (void)
{
  DiDocument *document = di_booth_page_get_document (booth ());
  gint64 case_id = di_document_get_case_id (document);
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (DiCaseRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  GtkWindow *dialog;

  g_assert_cmpint (case_id, >, 0);
  /* accepting a rejected document asks first; cancelled, nothing is recorded */
  gtk_widget_activate_action (GTK_WIDGET (booth ()), "booth.decide", "s", "accepted");
  di_test_run_main_loop_for (200);
  dialog = message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  di_test_run_main_loop_for (100);
  g_assert_null (di_booth_page_get_decision (booth ()));

  gtk_widget_activate_action (GTK_WIDGET (booth ()), "booth.decide", "s", "refused");
  wait_until (decision_recorded, "refused", "the decision");
  log = open_log ();
  record = di_caselog_get_case (log, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->summary.verdict, ==, "reject");
  g_assert_cmpstr (record->summary.decision, ==, "refused");
  g_assert_nonnull (record->report);
  g_assert_cmpuint (record->images->len, >=, 3);
  screenshot ("booth-decided");
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (from, &data, &length, &error));
  g_assert_true (g_file_set_contents (to, data, length, &error));
  g_assert_no_error (error);
}

static void
test_booth_reader_folder (void)
{
  g_autofree char *reader = g_build_filename (workdir, "reader", NULL);
  g_autofree char *set = g_build_filename (reader, "0001", NULL);
  g_autofree char *source = scan_set ("passport-genuine");
  static const char *const files[] = { "white.jpg", "uv.jpg", "ir.jpg" };

  g_assert_cmpint (g_mkdir_with_parents (reader, 0700), ==, 0);
  g_settings_set_string (settings, "reader-folder", reader);
  g_settings_set_boolean (settings, "watch-reader", TRUE);
  di_test_run_main_loop_for (100);
  /* the reader makes the folder, then writes one image after the other */
  g_assert_cmpint (g_mkdir (set, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (source, files[i], NULL);
      g_autofree char *to = g_build_filename (set, files[i], NULL);

      di_test_run_main_loop_for (150);
      /* not opened while the reader is still writing */
      g_assert_cmpstr (di_document_get_name (di_booth_page_get_document (booth ())), !=, set);
      copy_file (from, to);
    }
  wait_until (document_inspected, set, "the scan set the reader wrote");
  g_assert_cmpstr (di_document_get_verdict (di_booth_page_get_document (booth ())), ==,
                   "accept");

  /* a white image alone is a scan set too, once the reader has had time for the others:
   * inspected without UV and IR, so at best referred to review */
  {
    g_autofree char *lone = g_build_filename (reader, "0002", NULL);
    g_autofree char *from = g_build_filename (source, "white.jpg", NULL);
    g_autofree char *to = g_build_filename (lone, "white.jpg", NULL);
    gint64 written;

    g_assert_cmpint (g_mkdir (lone, 0700), ==, 0);
    copy_file (from, to);
    written = g_get_monotonic_time ();
    wait_until (document_inspected, lone, "the white image alone");
    g_assert_cmpint (g_get_monotonic_time () - written, >=, 2 * G_USEC_PER_SEC);
    g_assert_cmpstr (di_document_get_verdict (di_booth_page_get_document (booth ())), ==,
                     "review");
  }
  g_settings_set_boolean (settings, "watch-reader", FALSE);
}

static void
test_booth_drop_and_refusals (void)
{
  g_autofree char *source = scan_set ("passport-photo-substituted");
  g_autofree char *white = g_build_filename (source, "white.jpg", NULL);
  g_autofree char *empty = g_build_filename (workdir, "empty", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (white);
  g_autoptr (GFile) folder = g_file_new_for_path (empty);
  GSList files = { file, NULL }, empty_list = { folder, NULL };
  DiDocument *before;

  /* a dropped image stands for its scan set */
  g_assert_true (di_booth_page_open_files (booth (), &files));
  wait_until (document_inspected, source, "the dropped scan set");

  /* a folder with no white image is refused, and the document on screen stays */
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  before = di_booth_page_get_document (booth ());
  g_assert_false (di_booth_page_open_files (booth (), &empty_list));
  g_assert_true (di_booth_page_get_document (booth ()) == before);
}

/* --- the supervisor ----------------------------------------------------------------------- */

static gboolean
cases_idle (gpointer data)
{
  return !di_cases_page_is_busy (di_window_get_cases_page (window));
}

/* The report of the document on screen, logged at another booth by another officer */
static gint64
other_officers_case (void)
{
  g_autoptr (DiCaseLog) log = open_log ();
  DiDocument *document = di_booth_page_get_document (booth ());
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (),
                                                     di_document_get_report (document));
  g_autofree char *report = json_to_string (node, FALSE);
  DiCaseInput input = { report };
  g_autoptr (GError) error = NULL;
  gint64 id;

  input.station = "booth-7";
  input.officer = "officer-b";
  input.decision = "referred";
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    input.images[l] = di_document_get_path (document, l);
  di_caselog_set_user_for_testing (log, "officer-b");
  id = di_caselog_append (log, &input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_cases_list (void)
{
  DiCasesPage *cases = di_window_get_cases_page (window);
  GListModel *model;

  other_officers_case ();
  di_window_show_view (window, "cases");
  wait_until (cases_idle, NULL, "the case list");
  model = di_cases_page_get_model (cases);
  g_assert_nonnull (model);
  /* genuine, forged (decided), the reader's two, the dropped one, the other officer's */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
  {
    g_autoptr (DiCaseItem) newest = g_list_model_get_item (model, 0);

    g_assert_cmpstr (di_case_item_get_summary (newest)->officer, ==, "officer-b");
  }
  screenshot ("cases");

  /* a period the cases are not in lists none; a day mistyped lists nothing else, rather than
   * every case as if no day were given */
  di_cases_page_set_period (cases, "2099-01-01", NULL);
  wait_until (cases_idle, NULL, "the cases of 2099");
  model = di_cases_page_get_model (cases);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  di_cases_page_set_period (cases, "2099-13-01", NULL);
  wait_until (cases_idle, NULL, "the mistyped day");
  g_assert_cmpuint (g_list_model_get_n_items (di_cases_page_get_model (cases)), ==, 0);
  di_cases_page_set_period (cases, NULL, NULL);
  wait_until (cases_idle, NULL, "the cases again");
  g_assert_cmpuint (g_list_model_get_n_items (di_cases_page_get_model (cases)), ==, 6);
}

static void
test_cases_review (void)
{
  DiCasesPage *cases = di_window_get_cases_page (window);
  g_autoptr (DiCaseLog) log = NULL;
  g_autoptr (DiCaseRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  gint64 own = 2, other = 6;

  /* four eyes: this user logged case 2 at the booth and may not review it */
  gtk_widget_activate_action (GTK_WIDGET (cases), "cases.open", "x", own);
  wait_until (cases_idle, NULL, "the case");
  g_assert_cmpstr (di_cases_page_get_view (cases), ==, "case");
  g_assert_cmpstr (di_inspection_view_get_banner_title (di_cases_page_get_case_view (cases)), ==,
                   "Reject");
  di_cases_page_set_review (cases, "confirmed-fraud", NULL);
  gtk_widget_activate_action (GTK_WIDGET (cases), "cases.review", NULL);
  wait_until (cases_idle, NULL, "the refusal");
  g_test_message ("refused: %s", di_cases_page_get_review_message (cases));
  g_assert_true (strstr (di_cases_page_get_review_message (cases), "four eyes") != NULL ||
                 strstr (di_cases_page_get_review_message (cases), "logged or decided") != NULL);

  /* another officer's case: a review against the verdict, with its note */
  gtk_widget_activate_action (GTK_WIDGET (cases), "cases.open", "x", other);
  wait_until (cases_idle, NULL, "the other case");
  di_inspection_view_show_sidebar_page (di_cases_page_get_case_view (cases), "review");
  di_cases_page_set_review (cases, "false-alarm", "Checked with the issuing state's registry.");
  gtk_widget_activate_action (GTK_WIDGET (cases), "cases.review", NULL);
  wait_until (cases_idle, NULL, "the review");
  g_assert_cmpstr (di_cases_page_get_review_message (cases), ==, "The review is recorded.");
  log = open_log ();
  record = di_caselog_get_case (log, other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->summary.disposition, ==, "false-alarm");
  g_assert_cmpstr (record->summary.reviewed_by, ==, di_caselog_os_user ());
  screenshot ("case");
  gtk_widget_activate_action (GTK_WIDGET (cases), "cases.back", NULL);
  g_assert_cmpstr (di_cases_page_get_view (cases), ==, "list");
}

static void
test_cases_charts_and_export (void)
{
  DiCasesPage *cases = di_window_get_cases_page (window);
  g_autofree char *csv = g_build_filename (workdir, "cases.csv", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  JsonObject *stats;

  gtk_widget_activate_action (GTK_WIDGET (cases), "cases.charts", NULL);
  wait_until (cases_idle, NULL, "the charts");
  g_assert_cmpstr (di_cases_page_get_view (cases), ==, "charts");
  stats = json_node_get_object (di_cases_page_get_stats (cases));
  g_assert_cmpint (json_object_get_int_member (stats, "cases"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (stats, "false_alarms"), ==, 1);
  screenshot ("charts");
  gtk_widget_activate_action (GTK_WIDGET (cases), "cases.back", NULL);

  gtk_widget_activate_action (GTK_WIDGET (cases), "cases.export-to", "(ss)", "csv", csv);
  wait_until (cases_idle, NULL, "the export");
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  lines = g_strsplit (g_strstrip (text), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 6);
}

/* --- the trainer -------------------------------------------------------------------------- */

static gboolean
trainer_idle (gpointer data)
{
  return !di_trainer_page_is_busy (di_window_get_trainer_page (window));
}

static void
test_trainer_generate (void)
{
  DiTrainerPage *trainer = di_window_get_trainer_page (window);
  g_autofree char *folder = g_build_filename (workdir, "exercise", NULL);
  g_autofree char *key = g_build_filename (folder, "answers.json", NULL);

  di_window_show_view (window, "training");
  screenshot ("training");
  gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.generate-to", "s", folder);
  g_assert_true (di_trainer_page_is_busy (trainer));
  wait_until (trainer_idle, NULL, "the exercise set");
  g_assert_cmpfloat (di_trainer_page_get_progress (trainer), ==, 1.0);
  g_assert_true (g_file_test (key, G_FILE_TEST_IS_REGULAR));
  screenshot ("training-generated");
}

static gboolean
trainee_images (gpointer data)
{
  DiDocument *document = di_inspection_view_get_document (data);

  return document != NULL && di_document_get_loaded (document);
}

static void
test_trainer_trainee (void)
{
  DiTrainerPage *trainer = di_window_get_trainer_page (window);
  g_autofree char *folder = g_build_filename (workdir, "exercise", NULL);
  g_autofree char *key_path = g_build_filename (folder, "answers.json", NULL);
  g_autoptr (JsonParser) key = json_parser_new ();
  g_autoptr (GError) error = NULL;
  DiInspectionView *view = di_trainer_page_get_trainee_view (trainer);
  JsonArray *docs;
  JsonObject *score;
  guint n;

  g_assert_true (json_parser_load_from_file (key, key_path, &error));
  docs = json_object_get_array_member (json_node_get_object (json_parser_get_root (key)),
                                       "documents");
  n = json_array_get_length (docs);
  gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.open-exercise-path", "s", folder);
  g_assert_cmpstr (di_trainer_page_get_view (trainer), ==, "run");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *doc = json_array_get_object_element (docs, i);
      JsonArray *must = json_object_get_array_member (doc, "must_fail");
      gboolean genuine = json_object_get_boolean_member (doc, "genuine");

      g_assert_cmpuint (di_trainer_page_get_position (trainer), ==, i);
      wait_until (trainee_images, view, "the exercise document");
      /* nothing of the automatic inspection is shown */
      g_assert_false (di_inspection_view_get_analysis_visible (view));
      g_assert_null (di_document_get_report (di_inspection_view_get_document (view)));
      g_assert_cmpuint (di_page_view_get_n_regions (di_inspection_view_get_page_view (view)), ==,
                        0);
      if (i == 0)
        screenshot ("trainee");
      gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.verdict", "s",
                                  genuine ? "accept" : "reject");
      if (!genuine)
        gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.toggle-reason", "s",
                                    json_array_get_string_element (must, 0));
      if (i + 1 < n)
        gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next", NULL);
    }
  gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.finish", NULL);
  g_assert_cmpstr (di_trainer_page_get_view (trainer), ==, "score");
  g_assert_true (g_file_test (di_trainer_page_get_answers_path (trainer), G_FILE_TEST_IS_REGULAR));
  score = json_node_get_object (di_trainer_page_get_score (trainer));
  g_assert_cmpint (json_object_get_int_member (score, "documents"), ==, n);
  if (json_object_get_int_member (score, "forged") > 0)
    {
      g_assert_cmpfloat (json_object_get_double_member (score, "detection_rate"), ==, 1.0);
      g_assert_cmpfloat (json_object_get_double_member (score, "detected_with_right_reason"),
                         ==, 1.0);
    }
  g_assert_cmpfloat (json_object_get_double_member (score, "false_alarm_rate"), ==, 0.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (score, "unanswered")),
                    ==, 0);
  screenshot ("score");
}

/* --- the MRZ as characters, the preferences, the shortcuts -------------------------------- */

/* A report made up here: a character repaired, one uncertain, a check digit failed */
static const char marked_report[] =
  "{\"verdict\": \"reject\", \"reasons\": [\"The check digit of the date of birth is wrong.\"],"
  " \"template\": null, \"page_transform\": null,"
  " \"mrz\": {\"found\": true, \"valid\": false,"
  "   \"lines\": [\"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\","
  "             \"L898902C36UTO7408123F1204159ZE184226B<<<<<10\"],"
  "   \"checks\": [{\"id\": \"mrz.check_digit.birth_date\", \"status\": \"fail\","
  "                \"ranges\": [{\"line\": 2, \"start\": 14, \"end\": 20}],"
  "                \"message\": \"The check digit of the date of birth (3) is wrong.\"}],"
  "   \"repairs\": [{\"line\": 2, \"column\": 2, \"from\": \"B\", \"to\": \"8\"}],"
  "   \"uncertain\": [{\"line\": 1, \"column\": 6, \"read\": \"E\", \"alternative\": \"F\"}],"
  "   \"unprotected_fields\": [\"surname\"], \"fields\": {\"surname\": \"ERIKSSON\"}},"
  " \"checks\": [{\"id\": \"mrz.check_digit.birth_date\", \"status\": \"fail\", \"critical\": true,"
  "              \"sentence\": \"The check digit of the date of birth (3) is wrong.\"}]}";

static void
test_mrz_marks (void)
{
  g_autofree char *folder = scan_set ("passport-genuine");
  g_autofree char *white = g_build_filename (folder, "white.jpg", NULL);
  const char *paths[DI_N_LIGHTS] = { white, NULL, NULL };
  g_autoptr (DiDocument) document = di_document_new ("made up", paths);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  DiInspectionView *view = g_object_ref_sink (g_object_new (DI_TYPE_INSPECTION_VIEW, NULL));
  const char *markup;

  g_assert_true (json_parser_load_from_data (parser, marked_report, -1, &error));
  g_assert_no_error (error);
  di_document_set_report (document, json_parser_get_root (parser));
  di_inspection_view_set_document (view, document);
  g_assert_cmpstr (di_inspection_view_get_banner_title (view), ==, "Reject");
  markup = di_inspection_view_get_mrz_markup (view);
  g_test_message ("%s", markup);
  /* line 2, column 2 repaired (blue), line 1 column 6 uncertain (yellow), columns 14-20 of
   * line 2 under a failed check digit (red, underlined) */
  g_assert_true (strstr (markup, "<span background=\"#99c1f1\" weight=\"bold\">8</span>") != NULL);
  g_assert_true (strstr (markup, "<span background=\"#f9f06b\" weight=\"bold\">E</span>") != NULL);
  g_assert_true (strstr (markup, "<span foreground=\"#c01c28\" underline=\"error\">7</span>"
                                 "<span foreground=\"#c01c28\" underline=\"error\">4</span>") != NULL);
  /* the selected check's range stands out */
  di_inspection_view_select_check (view, "mrz.check_digit.birth_date");
  g_assert_true (strstr (di_inspection_view_get_mrz_markup (view), "#dc8add") != NULL);
  di_inspection_view_select_check (view, NULL);
  g_assert_null (strstr (di_inspection_view_get_mrz_markup (view), "#dc8add"));
  di_inspection_view_select_check (view, "mrz.check_digit.birth_date");
  /* no region, no crops: the sentence alone */
  g_assert_cmpstr (di_inspection_view_get_detail_sentence (view), ==,
                   "The check digit of the date of birth (3) is wrong.");
  di_inspection_view_set_document (view, NULL);
  g_object_unref (view);
}

static GtkWindow *
toplevel_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static void
test_preferences_and_shortcuts (void)
{
  GtkWindow *preferences, *shortcuts;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  di_test_run_main_loop_for (200);
  preferences = toplevel_of_type (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  screenshot_window (preferences, "preferences");
  gtk_window_destroy (preferences);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  di_test_run_main_loop_for (200);
  shortcuts = toplevel_of_type (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  gtk_window_close (shortcuts);
  di_test_run_main_loop_for (100);
}

/* --- translation -------------------------------------------------------------------------- */

static void
test_translation (void)
{
  if (g_test_subprocess ())
    {
      /* main () set LANGUAGE=ka before the translations were bound */
      g_assert_cmpstr (_("Accept"), !=, "Accept");
      g_assert_cmpstr (_("Reject"), !=, "Reject");
      g_assert_true (g_utf8_validate (_("Place a Document on the Reader"), -1, NULL));
      g_print ("%s / %s\n", _("Accept"), _("Place a Document on the Reader"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* --- main --------------------------------------------------------------------------------- */

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  struct group *group = getgrgid (getgid ());
  int status;

  gtk_test_init (&argc, &argv, NULL);
  if (g_test_subprocess ())
    g_setenv ("LANGUAGE", "ka", TRUE);
  adw_init ();
  di_ui_init ();

  workdir = g_dir_make_tmp ("test-ui-XXXXXX", &error);
  g_assert_no_error (error);
  log_path = g_build_filename (workdir, "cases.db", NULL);
  /* this user's own group supervises the log the test makes */
  g_setenv (DI_CASELOG_GROUP_ENV, group != NULL ? group->gr_name : "root", TRUE);

  settings = di_application_settings_new (&error);
  g_assert_no_error (error);
  g_settings_set_string (settings, "case-log", log_path);
  g_settings_set_string (settings, "station-id", "booth-1");
  app = di_application_new (settings, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  if (!g_test_subprocess ())
    {
      window = di_window_new (ADW_APPLICATION (app), di_application_get_station (app));
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
      gtk_window_present (GTK_WINDOW (window));
    }

  g_test_add_func ("/ui/booth/genuine", test_booth_genuine);
  g_test_add_func ("/ui/booth/forged", test_booth_forged);
  g_test_add_func ("/ui/booth/light-switch", test_booth_light_switch);
  g_test_add_func ("/ui/booth/check-selection", test_booth_check_selection);
  g_test_add_func ("/ui/booth/decision", test_booth_decision);
  g_test_add_func ("/ui/booth/reader-folder", test_booth_reader_folder);
  g_test_add_func ("/ui/booth/drop-and-refusals", test_booth_drop_and_refusals);
  g_test_add_func ("/ui/cases/list", test_cases_list);
  g_test_add_func ("/ui/cases/review", test_cases_review);
  g_test_add_func ("/ui/cases/charts-and-export", test_cases_charts_and_export);
  g_test_add_func ("/ui/trainer/generate", test_trainer_generate);
  g_test_add_func ("/ui/trainer/trainee", test_trainer_trainee);
  g_test_add_func ("/ui/inspection/mrz-marks", test_mrz_marks);
  g_test_add_func ("/ui/window/preferences-and-shortcuts", test_preferences_and_shortcuts);
  g_test_add_func ("/ui/translation/georgian", test_translation);
  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  g_clear_object (&settings);
  di_test_remove_tree (workdir);
  g_free (workdir);
  g_free (log_path);
  return status;
}
