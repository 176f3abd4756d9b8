/* di-trainer-page.h — training: generate an exercise set, run it in trainee mode, score it */
#pragma once

#include <adwaita.h>

#include "di-inspection-view.h"
#include "di-station.h"

G_BEGIN_DECLS

#define DI_TYPE_TRAINER_PAGE (di_trainer_page_get_type ())
G_DECLARE_FINAL_TYPE (DiTrainerPage, di_trainer_page, DI, TRAINER_PAGE, AdwBin)

void          di_trainer_page_set_station (DiTrainerPage *self,
                                           DiStation     *station);
/* Generates a set with the form's options into @folder, in a worker thread */
void          di_trainer_page_generate   (DiTrainerPage *self,
                                          const char    *folder);
/* Starts trainee mode on an exercise folder (it holds answers.json); FALSE with a toast */
gboolean      di_trainer_page_run        (DiTrainerPage *self,
                                          const char    *folder);

/* What is shown, for tests */
gboolean      di_trainer_page_is_busy    (DiTrainerPage *self);
double        di_trainer_page_get_progress (DiTrainerPage *self);
const char   *di_trainer_page_get_view   (DiTrainerPage *self);
guint         di_trainer_page_get_position (DiTrainerPage *self);
DiInspectionView *di_trainer_page_get_trainee_view (DiTrainerPage *self);
/* The score report (di_exercise_score()) once finished, and where the answers went */
JsonNode     *di_trainer_page_get_score  (DiTrainerPage *self);
const char   *di_trainer_page_get_answers_path (DiTrainerPage *self);

G_END_DECLS
