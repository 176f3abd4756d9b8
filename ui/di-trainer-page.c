/* di-trainer-page.c — training: generate an exercise set, run it in trainee mode, score it
 *
 * Generation runs di_exercise_generate() in a worker thread (which spreads the documents over
 * its own threads); its progress callback, called from those threads, only stores a count
 * that a timeout on the main thread shows. In trainee mode each document of the set is shown
 * in the inspection view with nothing of the automatic inspection: the trainee decides and
 * names the failing checks, and the answers are written beside the key (or, when its folder
 * cannot be written, in the user's data folder) and scored with di_exercise_score().
 */
#define G_LOG_DOMAIN "di-trainer"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "di-exercise.h"
#include "di-trainer-page.h"
#include "di-ui-private.h"

#define PROGRESS_MS 100

/* The checks a trainee can name: those the answer keys make fail */
static const char *const reason_ids[] = {
  "mrz.check_digit.document_number", "mrz.check_digit.birth_date",
  "mrz.check_digit.expiry_date", "mrz.check_digit.composite",
  "viz.surname", "viz.given_names", "viz.document_number", "viz.birth_date",
  "viz.expiry_date", "viz.sex", "photo.ghost", "uv.dull_paper", "uv.fibres",
  "uv.feature.emblem", "uv.feature.emblem_photo", "ir.mrz_contrast", "doc.expired",
};

static const DiCaptureLevel capture_levels[] = { DI_CAPTURE_NONE, DI_CAPTURE_LIGHT,
                                                 DI_CAPTURE_MEDIUM, DI_CAPTURE_HEAVY };

typedef struct {
  char      *verdict;   /* NULL: not answered */
  GPtrArray *reasons;   /* check ids */
} Answer;

struct _DiTrainerPage {
  AdwBin            parent_instance;

  /* Template widgets */
  GtkStack         *stack;
  AdwActionRow     *folder_row;
  GtkSpinButton    *count_spin;
  GtkSpinButton    *rate_spin;
  AdwComboRow      *capture_row;
  GtkSpinButton    *seed_spin;
  GtkProgressBar   *progress;
  GtkWidget        *generate_button;
  AdwEntryRow      *trainee_row;
  DiInspectionView *trainee_view;
  GtkLabel         *position_label;
  GtkFlowBox       *reasons_box;
  GtkLabel         *score_title;
  GtkLabel         *score_text;
  GtkGrid          *score_grid;
  GtkWidget        *score_back;

  /* Owned references */
  DiStation        *station;
  char             *out_folder;      /* where the next set goes */
  int               total;           /* documents of the set being generated */
  int               done;            /* atomic: documents written */
  guint             progress_source; /* while generating */
  char             *exercise;        /* the folder being run */
  JsonParser       *key;
  GArray           *answers;         /* Answer, one per document */
  guint             position;
  char             *verdict;         /* of the document on screen */
  JsonNode         *score;
  char             *answers_path;
};

G_DEFINE_FINAL_TYPE (DiTrainerPage, di_trainer_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VERDICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
answer_clear (gpointer data)
{
  Answer *a = data;

  g_clear_pointer (&a->verdict, g_free);
  g_clear_pointer (&a->reasons, g_ptr_array_unref);
}

static JsonArray *
key_documents (DiTrainerPage *self)
{
  JsonNode *root = self->key != NULL ? json_parser_get_root (self->key) : NULL;

  return root != NULL && JSON_NODE_HOLDS_OBJECT (root)
         ? di_json_member_array (json_node_get_object (root), "documents") : NULL;
}

/* --- generating --------------------------------------------------------------------------- */

static void
progress_cb (guint    done,
             guint    total,
             gpointer data)
{
  DiTrainerPage *self = data;

  /* a worker thread: only the count crosses over */
  g_atomic_int_set (&self->done, (int) done);
}

static gboolean
progress_timeout_cb (gpointer data)
{
  DiTrainerPage *self = data;
  int total = self->total;
  int done = g_atomic_int_get (&self->done);
  g_autofree char *text = g_strdup_printf (_("%d of %d documents"), done, total);

  gtk_progress_bar_set_fraction (self->progress, total > 0 ? (double) done / total : 0);
  gtk_progress_bar_set_text (self->progress, text);
  return G_SOURCE_CONTINUE;
}

typedef struct {
  DiExerciseOptions options;
  char             *folder;   /* the worker's own: the form may choose another meanwhile */
} Generation;

static void
generation_free (gpointer data)
{
  Generation *g = data;

  g_free (g->folder);
  g_free (g);
}

static void
generate_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Generation *g = data;
  GError *error = NULL;

  if (di_exercise_generate (&g->options, g->folder, progress_cb, source, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
generated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  DiTrainerPage *self = DI_TRAINER_PAGE (source);
  Generation *g = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->progress_source, g_source_remove);
  progress_timeout_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.generate", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.generate-to", TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      message = g_strdup_printf (_("The exercise set was not generated: %s"), error->message);
      gtk_progress_bar_set_text (self->progress, _("Not generated"));
    }
  else
    message = g_strdup_printf (_("Generated the exercise set in %s."), g->folder);
  di_ui_toast (GTK_WIDGET (self), message);
}

void
di_trainer_page_generate (DiTrainerPage *self,
                          const char    *folder)
{
  g_autoptr (GTask) task = NULL;
  Generation *g;
  guint capture = adw_combo_row_get_selected (self->capture_row);

  g_return_if_fail (DI_IS_TRAINER_PAGE (self));
  if (di_trainer_page_is_busy (self))
    return;
  g_free (self->out_folder);
  self->out_folder = g_strdup (folder);
  adw_action_row_set_subtitle (self->folder_row, folder);
  g = g_new0 (Generation, 1);
  g->folder = g_strdup (folder);
  di_exercise_options_init (&g->options);
  g->options.count = gtk_spin_button_get_value_as_int (self->count_spin);
  g->options.forgery_rate = gtk_spin_button_get_value (self->rate_spin) / 100.0;
  g->options.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  g->options.capture = capture < G_N_ELEMENTS (capture_levels) ? capture_levels[capture]
                                                               : DI_CAPTURE_MEDIUM;
  g_date_set_time_t (&g->options.today, time (NULL));

  self->total = g->options.count;
  g_atomic_int_set (&self->done, 0);
  progress_timeout_cb (self);
  self->progress_source = g_timeout_add (PROGRESS_MS, progress_timeout_cb, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.generate", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.generate-to", FALSE);
  task = g_task_new (self, NULL, generated_cb, NULL);
  g_task_set_task_data (task, g, generation_free);
  g_task_run_in_thread (task, generate_thread);
}

static void
generate_folder_chosen_cb (const char *path,
                           gpointer    data)
{
  DiTrainerPage *self = data;

  if (path != NULL)
    {
      g_free (self->out_folder);
      self->out_folder = g_strdup (path);
      adw_action_row_set_subtitle (self->folder_row, path);
    }
  g_object_unref (self);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  di_ui_choose_path (widget, _("Folder for the Exercise Set"),
                     GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, NULL, generate_folder_chosen_cb,
                     g_object_ref (widget));
}

static void
generate_action (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  DiTrainerPage *self = DI_TRAINER_PAGE (widget);

  if (parameter != NULL)
    di_trainer_page_generate (self, g_variant_get_string (parameter, NULL));
  else if (self->out_folder != NULL)
    di_trainer_page_generate (self, self->out_folder);
  else
    di_ui_toast (widget, _("Choose a folder for the exercise set first."));
}

/* --- trainee mode ------------------------------------------------------------------------- */

static void
store_answer (DiTrainerPage *self)
{
  Answer *a;

  if (self->answers == NULL || self->position >= self->answers->len)
    return;
  a = &g_array_index (self->answers, Answer, self->position);
  g_free (a->verdict);
  a->verdict = g_strdup (self->verdict);
  g_ptr_array_set_size (a->reasons, 0);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->reasons_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_ptr_array_add (a->reasons, g_strdup (g_object_get_data (G_OBJECT (check), "check")));
    }
}

static void
set_verdict (DiTrainerPage *self,
             const char    *verdict)
{
  if (verdict != NULL && *verdict == '\0')
    verdict = NULL;
  if (g_strcmp0 (self->verdict, verdict) == 0)
    return;
  g_free (self->verdict);
  self->verdict = g_strdup (verdict);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
}

static void
show_position (DiTrainerPage *self)
{
  JsonArray *docs = key_documents (self);
  JsonObject *doc = json_array_get_object_element (docs, self->position);
  JsonObject *files = di_json_member_object (doc, "files");
  static const char *const names[DI_N_LIGHTS] = { "white", "uv", "ir" };
  char *paths[DI_N_LIGHTS] = { NULL };
  g_autoptr (DiDocument) document = NULL;
  g_autofree char *label = NULL;
  const Answer *a = &g_array_index (self->answers, Answer, self->position);
  guint n = json_array_get_length (docs);

  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    {
      const char *file = di_json_member_string (files, names[l]);

      paths[l] = file != NULL ? g_build_filename (self->exercise, file, NULL) : NULL;
    }
  document = di_document_new (di_json_member_string (doc, "id"), (const char *const *) paths);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    g_free (paths[l]);
  di_document_load_images (document);
  di_inspection_view_set_document (self->trainee_view, document);
  label = g_strdup_printf (_("Document %u of %u"), self->position + 1, n);
  gtk_label_set_text (self->position_label, label);

  set_verdict (self, a->verdict);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->reasons_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *id = g_object_get_data (G_OBJECT (check), "check");

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_ptr_array_find_with_equal_func (a->reasons, id,
                                                                     g_str_equal, NULL));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.previous", self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.next", self->position + 1 < n);
}

gboolean
di_trainer_page_run (DiTrainerPage *self,
                     const char    *folder)
{
  g_autofree char *key_path = g_build_filename (folder, "answers.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *docs;

  g_return_val_if_fail (DI_IS_TRAINER_PAGE (self), FALSE);
  if (!json_parser_load_from_file (parser, key_path, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("%s is not an exercise folder: %s"), folder, error->message);

      di_ui_toast (GTK_WIDGET (self), message);
      return FALSE;
    }
  g_set_object (&self->key, parser);
  docs = key_documents (self);
  if (docs == NULL || json_array_get_length (docs) == 0)
    {
      di_ui_toast (GTK_WIDGET (self), _("The exercise holds no documents."));
      g_clear_object (&self->key);
      return FALSE;
    }
  g_free (self->exercise);
  self->exercise = g_strdup (folder);
  g_clear_pointer (&self->answers, g_array_unref);
  self->answers = g_array_new (FALSE, TRUE, sizeof (Answer));
  g_array_set_clear_func (self->answers, answer_clear);
  g_array_set_size (self->answers, json_array_get_length (docs));
  for (guint i = 0; i < self->answers->len; i++)
    g_array_index (self->answers, Answer, i).reasons = g_ptr_array_new_with_free_func (g_free);
  g_clear_pointer (&self->score, json_node_unref);
  self->position = 0;
  show_position (self);
  gtk_stack_set_visible_child_name (self->stack, "run");
  return TRUE;
}

static void
exercise_chosen_cb (const char *path,
                    gpointer    data)
{
  DiTrainerPage *self = data;

  if (path != NULL)
    di_trainer_page_run (self, path);
  g_object_unref (self);
}

static void
open_exercise_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  if (parameter != NULL)
    {
      di_trainer_page_run (DI_TRAINER_PAGE (widget), g_variant_get_string (parameter, NULL));
      return;
    }
  di_ui_choose_path (widget, _("Open an Exercise"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, NULL,
                     exercise_chosen_cb, g_object_ref (widget));
}

static void
move_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  DiTrainerPage *self = DI_TRAINER_PAGE (widget);
  guint n = self->answers != NULL ? self->answers->len : 0;

  if (n == 0)
    return;
  store_answer (self);
  if (g_str_equal (action, "trainer.next") && self->position + 1 < n)
    self->position++;
  else if (g_str_equal (action, "trainer.previous") && self->position > 0)
    self->position--;
  show_position (self);
}

static void
toggle_reason_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  DiTrainerPage *self = DI_TRAINER_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->reasons_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "check"), id) == 0)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                     !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    }
}

/* --- scoring ------------------------------------------------------------------------------ */

/* The answers as `docinspect exercise score` reads them */
static gboolean
write_answers (DiTrainerPage *self,
               GError       **error)
{
  JsonArray *docs = key_documents (self);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  const char *trainee = gtk_editable_get_text (GTK_EDITABLE (self->trainee_row));
  g_autofree char *safe = g_strdup (trainee != NULL && *trainee != '\0' ? trainee : "trainee");
  g_autofree char *name = NULL, *text = NULL;

  g_strcanon (safe, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", '_');
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "trainee");
  json_builder_add_string_value (b, trainee != NULL ? trainee : "");
  json_builder_set_member_name (b, "answers");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->answers->len; i++)
    {
      const Answer *a = &g_array_index (self->answers, Answer, i);

      if (a->verdict == NULL)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "document");
      json_builder_add_string_value (b, di_json_member_string (json_array_get_object_element (docs,
                                                                                          i),
                                                           "id"));
      json_builder_set_member_name (b, "verdict");
      json_builder_add_string_value (b, a->verdict);
      json_builder_set_member_name (b, "reasons");
      json_builder_begin_array (b);
      for (guint k = 0; k < a->reasons->len; k++)
        json_builder_add_string_value (b, a->reasons->pdata[k]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  name = g_strdup_printf ("answers-%s-%s.json", safe, stamp);
  g_free (self->answers_path);
  self->answers_path = g_build_filename (self->exercise, name, NULL);
  if (g_file_set_contents (self->answers_path, text, -1, NULL))
    return TRUE;
  /* a read-only exercise (a shared folder, a CD): the user's own data folder */
  {
    g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "docinspect", "training",
                                             NULL);

    g_free (self->answers_path);
    self->answers_path = g_build_filename (dir, name, NULL);
    g_mkdir_with_parents (dir, 0700);
    return g_file_set_contents (self->answers_path, text, -1, error);
  }
}

static GtkWidget *
cell (const char *text,
      const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static char *
join_array (JsonArray *array)
{
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (array,
                                                                                         i));
  return g_strdup (s->len > 0 ? s->str : "—");
}

static void
show_score (DiTrainerPage *self)
{
  JsonObject *o = json_node_get_object (self->score);
  JsonArray *docs = key_documents (self);
  g_autofree char *text = di_exercise_score_text (self->score);
  g_autofree char *title = NULL;
  GtkWidget *child;
  const char *headers[] = { N_("Document"), N_("Your verdict"), N_("Your reasons"),
                            N_("The truth"), N_("Checks that fail"), N_("Result") };

  title = g_strdup_printf (_("Detection %.0f %% · false alarms %.0f %%"),
                           100 * json_object_get_double_member_with_default (o, "detection_rate",
                                                                             0),
                           100 * json_object_get_double_member_with_default (o,
                                                                             "false_alarm_rate",
                                                                             0));
  gtk_label_set_text (self->score_title, title);
  gtk_label_set_text (self->score_text, text);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->score_grid))) != NULL)
    gtk_grid_remove (self->score_grid, child);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_grid_attach (self->score_grid, cell (_(headers[c]), "caption-heading"), c, 0, 1, 1);
  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *doc = json_array_get_object_element (docs, i);
      const Answer *a = &g_array_index (self->answers, Answer, i);
      gboolean genuine = json_object_get_boolean_member_with_default (doc, "genuine", TRUE);
      gboolean flagged = a->verdict != NULL && !g_str_equal (a->verdict, "accept");
      JsonArray *must = di_json_member_array (doc, "must_fail");
      g_autoptr (GString) reasons = g_string_new (NULL);
      g_autofree char *truth = NULL, *must_text = join_array (must);
      gboolean named = FALSE;
      const char *result, *css;

      for (guint k = 0; k < a->reasons->len; k++)
        {
          g_string_append_printf (reasons, "%s%s", k > 0 ? ", " : "", (char *) a->reasons->pdata[k]);
          for (guint m = 0; must != NULL && m < json_array_get_length (must); m++)
            named |= g_str_equal (a->reasons->pdata[k], json_array_get_string_element (must, m));
        }
      truth = genuine ? g_strdup (_("genuine"))
                      : join_array (di_json_member_array (doc, "forgeries"));
      if (a->verdict == NULL)
        {
          result = _("no answer");
          css = "status-not-done";
        }
      else if (genuine)
        {
          result = flagged ? _("false alarm") : _("right");
          css = flagged ? "status-fail" : "status-pass";
        }
      else if (!flagged)
        {
          result = _("missed");
          css = "status-fail";
        }
      else
        {
          result = named ? _("caught, right reason") : _("caught, reason missed");
          css = named ? "status-pass" : "status-not-done";
        }
      gtk_grid_attach (self->score_grid, cell (di_json_member_string (doc, "id"), NULL), 0, i + 1,
                       1, 1);
      gtk_grid_attach (self->score_grid,
                       cell (a->verdict != NULL ? di_ui_verdict_title (a->verdict) : "—", NULL),
                       1, i + 1, 1, 1);
      gtk_grid_attach (self->score_grid, cell (reasons->len > 0 ? reasons->str : "—", "caption"),
                       2, i + 1, 1, 1);
      gtk_grid_attach (self->score_grid, cell (truth, NULL), 3, i + 1, 1, 1);
      gtk_grid_attach (self->score_grid, cell (must_text, "caption"), 4, i + 1, 1, 1);
      gtk_grid_attach (self->score_grid, cell (result, css), 5, i + 1, 1, 1);
    }
}

static void
finish_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  DiTrainerPage *self = DI_TRAINER_PAGE (widget);
  g_autofree char *key_path = NULL;
  g_autoptr (GError) error = NULL;

  if (self->answers == NULL)
    return;
  store_answer (self);
  if (!write_answers (self, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The answers could not be saved: %s"),
                                                  error->message);

      di_ui_toast (widget, message);
      return;
    }
  key_path = g_build_filename (self->exercise, "answers.json", NULL);
  g_clear_pointer (&self->score, json_node_unref);
  self->score = di_exercise_score (key_path, self->answers_path, &error);
  if (self->score == NULL)
    {
      di_ui_toast (widget, error->message);
      return;
    }
  di_inspection_view_set_document (self->trainee_view, NULL);
  show_score (self);
  gtk_stack_set_visible_child_name (self->stack, "score");
  /* not the selectable report, which would select all of itself */
  gtk_widget_grab_focus (self->score_back);
}

static void
back_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  DiTrainerPage *self = DI_TRAINER_PAGE (widget);

  di_inspection_view_set_document (self->trainee_view, NULL);
  gtk_stack_set_visible_child_name (self->stack, "start");
}

/* --- object ------------------------------------------------------------------------------- */

static void
di_trainer_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_VERDICT:
      /* a property action's state cannot be NULL: "" is no verdict yet */
      g_value_set_string (value, DI_TRAINER_PAGE (object)->verdict != NULL
                                 ? DI_TRAINER_PAGE (object)->verdict : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
di_trainer_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_VERDICT:
      set_verdict (DI_TRAINER_PAGE (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
di_trainer_page_dispose (GObject *object)
{
  DiTrainerPage *self = DI_TRAINER_PAGE (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->station);
  g_clear_object (&self->key);
  g_clear_pointer (&self->score, json_node_unref);
  G_OBJECT_CLASS (di_trainer_page_parent_class)->dispose (object);
}

static void
di_trainer_page_finalize (GObject *object)
{
  DiTrainerPage *self = DI_TRAINER_PAGE (object);

  g_free (self->out_folder);
  g_free (self->exercise);
  g_clear_pointer (&self->answers, g_array_unref);
  g_free (self->verdict);
  g_free (self->answers_path);
  G_OBJECT_CLASS (di_trainer_page_parent_class)->finalize (object);
}

static void
di_trainer_page_class_init (DiTrainerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = di_trainer_page_dispose;
  object_class->finalize = di_trainer_page_finalize;
  object_class->get_property = di_trainer_page_get_property;
  object_class->set_property = di_trainer_page_set_property;

  /* the trainee's verdict on the document shown: accept, review, reject, or NULL */
  properties[PROP_VERDICT] =
    g_param_spec_string ("verdict", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DI_TYPE_INSPECTION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, DI_RESOURCE_PATH
                                               "/di-trainer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, count_spin);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, capture_row);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, progress);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, generate_button);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, trainee_row);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, trainee_view);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, reasons_box);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, score_title);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, score_text);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, score_grid);
  gtk_widget_class_bind_template_child (widget_class, DiTrainerPage, score_back);

  gtk_widget_class_install_action (widget_class, "trainer.choose-folder", NULL,
                                   choose_folder_action);
  gtk_widget_class_install_action (widget_class, "trainer.generate", NULL, generate_action);
  /* (folder): generate there, without the file chooser */
  gtk_widget_class_install_action (widget_class, "trainer.generate-to", "s", generate_action);
  gtk_widget_class_install_action (widget_class, "trainer.open-exercise", NULL,
                                   open_exercise_action);
  gtk_widget_class_install_action (widget_class, "trainer.open-exercise-path", "s",
                                   open_exercise_action);
  gtk_widget_class_install_property_action (widget_class, "trainer.verdict", "verdict");
  gtk_widget_class_install_action (widget_class, "trainer.toggle-reason", "s",
                                   toggle_reason_action);
  gtk_widget_class_install_action (widget_class, "trainer.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "trainer.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "trainer.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "trainer.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "trainer.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "trainer.previous",
                                       NULL);
}

static void
di_trainer_page_init (DiTrainerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  di_inspection_view_set_trainee (self->trainee_view, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (reason_ids); i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (di_ui_check_title (reason_ids[i]));

      g_object_set_data (G_OBJECT (check), "check", (gpointer) reason_ids[i]);
      gtk_widget_set_tooltip_text (check, reason_ids[i]);
      gtk_flow_box_append (self->reasons_box, check);
    }
  gtk_progress_bar_set_text (self->progress, _("Not started"));
}

void
di_trainer_page_set_station (DiTrainerPage *self,
                             DiStation     *station)
{
  g_return_if_fail (DI_IS_TRAINER_PAGE (self));
  g_set_object (&self->station, station);
}

gboolean
di_trainer_page_is_busy (DiTrainerPage *self)
{
  g_return_val_if_fail (DI_IS_TRAINER_PAGE (self), FALSE);
  return self->progress_source != 0;
}

double
di_trainer_page_get_progress (DiTrainerPage *self)
{
  g_return_val_if_fail (DI_IS_TRAINER_PAGE (self), 0);
  return gtk_progress_bar_get_fraction (self->progress);
}

const char *
di_trainer_page_get_view (DiTrainerPage *self)
{
  g_return_val_if_fail (DI_IS_TRAINER_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

guint
di_trainer_page_get_position (DiTrainerPage *self)
{
  g_return_val_if_fail (DI_IS_TRAINER_PAGE (self), 0);
  return self->position;
}

DiInspectionView *
di_trainer_page_get_trainee_view (DiTrainerPage *self)
{
  g_return_val_if_fail (DI_IS_TRAINER_PAGE (self), NULL);
  return self->trainee_view;
}

JsonNode *
di_trainer_page_get_score (DiTrainerPage *self)
{
  g_return_val_if_fail (DI_IS_TRAINER_PAGE (self), NULL);
  return self->score;
}

const char *
di_trainer_page_get_answers_path (DiTrainerPage *self)
{
  g_return_val_if_fail (DI_IS_TRAINER_PAGE (self), NULL);
  return self->answers_path;
}
