/* di-specimen-private.h — a specimen's data, shared by its data and drawing halves */
#pragma once

#include "di-face.h"
#include "di-specimen.h"
#include "di-template.h"

G_BEGIN_DECLS

/* What the visual zone prints: the MRZ fields first (same numbers as DiMrzField), then the
 * fields the MRZ does not carry. */
typedef enum {
  VIZ_TYPE = DI_MRZ_N_FIELDS,
  VIZ_CODE,
  VIZ_NATIONALITY_NAME,
  VIZ_BIRTH_PLACE,
  VIZ_ISSUE_DATE,
  VIZ_AUTHORITY,
  VIZ_SIGNATURE,      /* the drawn signature, no text */
  VIZ_VALID_FROM,
  VIZ_VISA_TYPE,
  VIZ_ENTRIES,
  VIZ_DURATION,
  VIZ_REMARKS,
  N_VIZ_SLOTS
} VizSlot;

struct _DiSpecimen {
  gatomicrefcount ref_count;
  DiDocKind       kind;
  guint64         seed;
  GDate           today;
  guint           forgeries;

  /* the holder and the document as issued */
  char           *surname;          /* as the visual zone prints it (may carry diacritics) */
  char           *given_names;
  char           *nationality;      /* MRZ code */
  char            sex;              /* 'M', 'F' or 'X' */
  GDate           birth;
  GDate           issue;
  GDate           expiry;
  GDate           valid_from;       /* visas */
  char           *document_number;
  char           *personal_number;  /* optional data, may be empty */
  DiFace          face;
  guint32         signature_seed;
  guint32         fibre_seed;

  /* what is printed, after forgeries */
  char           *viz[N_VIZ_SLOTS];
  char          **mrz;
  DiFace          photo_face;       /* the face in the photo (another one if substituted) */
  double          photo_dx, photo_dy, photo_angle;   /* a pasted photo's misplacement */
  gboolean        emblem_missing;
  double          emblem_colour[3];
  double          mrz_ir_ink;       /* darkness of the MRZ in B900: 1 genuine */

  GPtrArray      *must_fail;        /* check ids */
  GPtrArray      *changes;          /* sentences */
};

/* di-specimen-render.c */
typedef struct {
  const char *label;    /* printed above the value, bilingual */
  int         slot;     /* DiMrzField or VizSlot */
  double      x, y;     /* top-left of the label, mm */
  double      w;        /* room for the value, mm */
} VizItem;

#define MAX_VIZ_ITEMS 16
#define MAX_SUBSTRATE_RECTS 2

typedef struct {
  DiDocKind    kind;
  DiMrzFormat  mrz_format;
  const char  *document_code;
  const char  *title;
  const char  *id;            /* template id */
  const char  *name;          /* template name */
  double       width, height;
  double       label_size, value_size;   /* mm */
  double       title_x, title_y, title_size;
  double       arms_x, arms_y, arms_size;
  DiRect       photo;
  DiRect       ghost;         /* w = 0: none */
  double       emblem_x, emblem_y, emblem_r;
  double       mrz_x, mrz_bottom;   /* first character's left edge; lowest baseline from bottom */
  DiRect       mrz_band;
  DiRect       substrate[MAX_SUBSTRATE_RECTS];
  DiRect       personalisation;
  VizItem      items[MAX_VIZ_ITEMS];
} KindLayout;

const KindLayout *di_specimen_kind_layout (DiDocKind kind);

G_END_DECLS
