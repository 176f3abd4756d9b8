/* di-mrz-repair.c — choose the MRZ that the reader's candidates and the check digits prove
 *
 * The reader gives, for every position, the characters it saw with confidences, best first.
 * The repair keeps the best reading wherever it is consistent; elsewhere it looks for the
 * fewest changes, drawn from the candidates, that make every check hold. A change is made
 * only when all such minimal solutions agree on it: where two candidates are equally
 * consistent nothing is guessed, and a substitution that no check digit can see (same value
 * modulo 10, such as < and K) is never chosen on the strength of a check digit.
 *
 * Positions are split into units: the groups of positions whose checks read them together
 * (a date and its check digit, the document number with its continuation, a country code),
 * and single positions that only their own syntax restricts (names, optional data). For each
 * unit we enumerate the assignments that pass its checks with few changes; the composite
 * check digit then ties the units it covers together through the sum of their weighted
 * values modulo 10, which a small dynamic programme over the ten residues resolves.
 */
#define G_LOG_DOMAIN "di-mrz"

#include "config.h"

#include <math.h>
#include <string.h>

#include "di-mrz-private.h"

#define MAX_CHOICES 6
#define MAX_UNIT_POSITIONS 48
#define MAX_STORED 64            /* minimal assignments kept per residue */
#define MAX_EVALUATIONS 200000   /* per unit; beyond this the unit is left as read */
#define INF G_MAXINT

/* per unit and residue: do its minimal assignments take part in an optimal solution */
typedef gboolean Chosen[10];

typedef struct {
  char  c;
  float confidence;
} Choice;

typedef struct {
  guint8 n;
  Choice choices[MAX_CHOICES];
} Position;

struct _DiMrzCandidates {
  guint     n_lines;
  guint     line_length;
  Position *positions;
  double    min_posterior;     /* the reader's confidence policy; 0: none */
  double    min_unprotected;
};

/**
 * di_mrz_candidates_new:
 * @n_lines: 2 or 3
 * @line_length: 30, 36 or 44
 *
 * Returns: (transfer full): an empty set of candidates for an MRZ of that shape
 */
DiMrzCandidates *
di_mrz_candidates_new (guint n_lines,
                       guint line_length)
{
  DiMrzCandidates *self;

  g_return_val_if_fail (n_lines <= DI_MRZ_MAX_LINES, NULL);
  g_return_val_if_fail (line_length <= DI_MRZ_MAX_LINE_LENGTH, NULL);

  self = g_new0 (DiMrzCandidates, 1);
  self->n_lines = n_lines;
  self->line_length = line_length;
  self->positions = g_new0 (Position, MAX (1, n_lines * line_length));
  return self;
}

void
di_mrz_candidates_free (DiMrzCandidates *self)
{
  if (self == NULL)
    return;
  g_free (self->positions);
  g_free (self);
}

/**
 * di_mrz_candidates_add:
 * @self: candidates
 * @line: 0-based line
 * @column: 0-based column
 * @c: a character the reader saw there; characters outside the MRZ set are ignored
 * @confidence: its confidence, 0..1
 *
 * Adds a candidate; the candidates of a position are kept best first, each character once
 * (with its highest confidence), at most six.
 */
void
di_mrz_candidates_add (DiMrzCandidates *self,
                       guint            line,
                       guint            column,
                       char             c,
                       float            confidence)
{
  Position *p;
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (line < self->n_lines && column < self->line_length);

  if (di_mrz_char_index (c) < 0 || !(confidence >= 0.0f))
    return;
  p = &self->positions[line * self->line_length + column];
  for (i = 0; i < p->n; i++)
    if (p->choices[i].c == c)
      {
        if (p->choices[i].confidence >= confidence)
          return;
        memmove (&p->choices[i], &p->choices[i + 1], (p->n - i - 1) * sizeof (Choice));
        p->n--;
        break;
      }
  for (i = 0; i < p->n && p->choices[i].confidence >= confidence; i++)
    ;
  if (i >= MAX_CHOICES)
    return;
  if (p->n == MAX_CHOICES)
    p->n--;
  memmove (&p->choices[i + 1], &p->choices[i], (p->n - i) * sizeof (Choice));
  p->choices[i] = (Choice) { c, confidence };
  p->n++;
}

/**
 * di_mrz_candidates_set_required_confidence:
 * @self: candidates
 * @posterior: the least probability, among the readings every check accepts equally, that
 *   the chosen one is right
 * @unprotected: the least confidence of a character no check digit covers (names, codes,
 *   sex), as the reader gave it
 *
 * A reader that must never call a wrong MRZ valid sets this: a repaired MRZ that holds
 * every check but falls short of either gets a failed `mrz.ocr.confidence` check.
 */
void
di_mrz_candidates_set_required_confidence (DiMrzCandidates *self,
                                           double           posterior,
                                           double           unprotected)
{
  g_return_if_fail (self != NULL);
  self->min_posterior = posterior;
  self->min_unprotected = unprotected;
}

/**
 * di_mrz_candidates_new_from_text:
 * @lines: MRZ lines of equal length
 * @n_lines: their number
 *
 * Returns: (transfer full): candidates holding exactly the text, each character with
 *   confidence 1
 */
DiMrzCandidates *
di_mrz_candidates_new_from_text (const char *const *lines,
                                 guint              n_lines)
{
  guint length = n_lines > 0 ? strlen (lines[0]) : 0;
  DiMrzCandidates *self = di_mrz_candidates_new (n_lines, length);

  for (guint l = 0; l < n_lines; l++)
    for (guint c = 0; c < length && lines[l][c] != '\0'; c++)
      di_mrz_candidates_add (self, l, c, lines[l][c], 1.0f);
  return self;
}

/* --- units ------------------------------------------------------------------------------- */

typedef struct {
  int    cost;       /* positions changed from the best reading */
  int    residue;    /* weighted sum modulo 10 in the composite check digit */
  guint  offset;     /* characters in Unit.pool */
} Assignment;

typedef struct {
  guint8           n;
  guint8           line[MAX_UNIT_POSITIONS];
  guint8           column[MAX_UNIT_POSITIONS];
  const CheckFunc *checks;        /* NULL: each position checked by its character set */
  guint            n_checks;
  gboolean         composite;     /* covered by (or holding) the composite check digit */
  int              min_cost[10];  /* per residue; INF if none */
  GArray          *best[10];      /* Assignment: all of minimal cost per residue, if stored */
  gboolean         overflow[10];  /* more minimal assignments than stored */
  GString         *pool;
} Unit;

typedef struct {
  const Layout          *layout;
  const DiMrzCandidates *candidates;
  const GDate           *reference;
  const Span            *composite_cd;
  Grid                   grid;    /* the best reading, changed in place while enumerating */
  Grid                   best;
  guint                  evaluations;
  /* per unit position during enumeration */
  const char            *options[MAX_UNIT_POSITIONS];
  guint8                 n_options[MAX_UNIT_POSITIONS];
  char                   option_chars[MAX_UNIT_POSITIONS][MAX_CHOICES + 1];
} Repair;

static const Position *
position_at (const DiMrzCandidates *candidates,
             guint                  line,
             guint                  column)
{
  return &candidates->positions[line * candidates->line_length + column];
}

static gboolean
in_charset (CharSet set,
            char    c)
{
  int k = di_mrz_char_index (c);

  return k >= 0 && (set & ((CharSet) 1 << k)) != 0;
}

/* The contribution of a character at a position to the composite check: the weighted value,
 * or for the composite check digit itself minus its value, so that a consistent MRZ sums
 * to 0 modulo 10. */
static int
composite_residue (const Repair *r,
                   guint         line,
                   guint         column,
                   char          c)
{
  int v = di_mrz_char_value (c);

  if (v < 0)
    return 0;
  if (r->composite_cd != NULL && line == r->composite_cd->line &&
      column == r->composite_cd->start)
    return (10 - v % 10) % 10;
  return (di_mrz_layout_composite_weight (r->layout, line, column) * v) % 10;
}

static gboolean
unit_passes (Repair     *r,
             const Unit *unit)
{
  if (unit->checks == NULL)
    return TRUE;   /* the character set was already enforced */
  for (guint k = 0; k < unit->n_checks; k++)
    if (!unit->checks[k] (r->layout, &r->grid, r->reference, NULL))
      return FALSE;
  return TRUE;
}

static void
unit_record (Repair *r,
             Unit   *unit,
             int     cost)
{
  Assignment a = { cost, 0, unit->pool->len };
  int residue = 0;

  for (guint i = 0; i < unit->n; i++)
    {
      char c = r->grid.c[unit->line[i]][unit->column[i]];

      residue += composite_residue (r, unit->line[i], unit->column[i], c);
      g_string_append_c (unit->pool, c);
    }
  a.residue = residue % 10;
  if (!unit->composite)
    a.residue = 0;

  if (cost > unit->min_cost[a.residue])
    {
      g_string_truncate (unit->pool, a.offset);
      return;
    }
  if (cost < unit->min_cost[a.residue])
    {
      unit->min_cost[a.residue] = cost;
      g_array_set_size (unit->best[a.residue], 0);
      unit->overflow[a.residue] = FALSE;
    }
  if (unit->best[a.residue]->len < MAX_STORED)
    g_array_append_val (unit->best[a.residue], a);
  else
    {
      unit->overflow[a.residue] = TRUE;
      g_string_truncate (unit->pool, a.offset);
    }
}

/* Tries every assignment of positions i.. with at most `budget` more optional changes. */
static void
unit_enumerate (Repair *r,
                Unit   *unit,
                guint   i,
                int     cost,
                int     budget)
{
  char *cell;
  char original;
  gboolean forced;

  if (r->evaluations > MAX_EVALUATIONS)
    return;
  if (i == unit->n)
    {
      r->evaluations++;
      if (unit_passes (r, unit))
        unit_record (r, unit, cost);
      return;
    }

  cell = &r->grid.c[unit->line[i]][unit->column[i]];
  original = r->best.c[unit->line[i]][unit->column[i]];
  /* When the reading itself is not allowed here, every option is a forced change. */
  forced = r->n_options[i] > 0 && r->options[i][0] != original;
  for (guint k = 0; k < r->n_options[i]; k++)
    {
      char c = r->options[i][k];
      gboolean change = c != original;

      if (change && !forced && budget == 0)
        break;
      *cell = c;
      unit_enumerate (r, unit, i + 1, cost + change, budget - (change && !forced));
    }
  *cell = original;
}

/* The options of a unit position: the reading if its syntax allows it, then the allowed
 * alternatives. A position whose reading is not allowed must change: its first option is
 * then already a change, and counts against no budget. */
static void
unit_prepare_options (Repair     *r,
                      const Unit *unit)
{
  for (guint i = 0; i < unit->n; i++)
    {
      const Position *p = position_at (r->candidates, unit->line[i], unit->column[i]);
      CharSet set = di_mrz_layout_charset (r->layout, unit->line[i], unit->column[i]);
      char read = r->best.c[unit->line[i]][unit->column[i]];
      guint n = 0;

      if (in_charset (set, read))
        r->option_chars[i][n++] = read;
      for (guint k = 0; k < p->n; k++)
        if (p->choices[k].c != read && in_charset (set, p->choices[k].c))
          r->option_chars[i][n++] = p->choices[k].c;
      r->options[i] = r->option_chars[i];
      r->n_options[i] = n;
    }
}

static void
unit_solve (Repair *r,
            Unit   *unit)
{
  int budget = unit->n <= 10 ? 3 : 2;

  for (int s = 0; s < 10; s++)
    {
      unit->min_cost[s] = INF;
      unit->best[s] = g_array_new (FALSE, FALSE, sizeof (Assignment));
    }
  unit->pool = g_string_new (NULL);
  unit_prepare_options (r, unit);
  r->evaluations = 0;
  unit_enumerate (r, unit, 0, 0, budget);
  if (r->evaluations > MAX_EVALUATIONS)
    for (int s = 0; s < 10; s++)
      {
        /* too many readings to judge: leave the unit as read */
        unit->min_cost[s] = INF;
        g_array_set_size (unit->best[s], 0);
      }
}

static void
unit_clear (Unit *unit)
{
  for (int s = 0; s < 10; s++)
    g_clear_pointer (&unit->best[s], g_array_unref);
  if (unit->pool != NULL)
    g_string_free (unit->pool, TRUE);
}

static void
unit_add_position (Unit  *unit,
                   guint  line,
                   guint  column)
{
  g_assert (unit->n < MAX_UNIT_POSITIONS);
  unit->line[unit->n] = line;
  unit->column[unit->n] = column;
  unit->n++;
}

static GArray *
build_units (Repair *r)
{
  const Layout *layout = r->layout;
  GArray *units = g_array_new (FALSE, TRUE, sizeof (Unit));
  const CheckGroup *groups;
  guint n_groups;

  groups = di_mrz_check_groups (layout, &n_groups);
  for (guint g = 0; g < n_groups; g++)
    {
      const CheckGroup *group = &groups[g];
      Unit unit = { 0 };

      for (guint s = 0; s < G_N_ELEMENTS (group->spans) && group->spans[s] != N_SPAN_KINDS; s++)
        {
          const Span *span = di_mrz_layout_find_span (layout, group->spans[s]);

          for (guint c = span->start; c < (guint) span->start + span->length; c++)
            {
              if (group->per_position)
                {
                  Unit single = { 0 };

                  unit_add_position (&single, span->line, c);
                  single.composite = r->composite_cd != NULL &&
                                     (di_mrz_layout_composite_weight (layout, span->line, c) ||
                                      group->spans[s] == SPAN_COMPOSITE_CD);
                  g_array_append_val (units, single);
                }
              else
                {
                  unit_add_position (&unit, span->line, c);
                  unit.composite |= di_mrz_layout_composite_weight (layout, span->line, c) != 0;
                }
            }
        }
      if (!group->per_position)
        {
          unit.checks = group->checks;
          for (unit.n_checks = 0; unit.n_checks < G_N_ELEMENTS (group->checks) &&
                                  group->checks[unit.n_checks] != NULL; unit.n_checks++)
            ;
          g_array_append_val (units, unit);
        }
    }
  return units;
}

/* --- choosing ---------------------------------------------------------------------------- */

static int
unit_min_cost (const Unit *unit)
{
  int best = INF;

  for (int s = 0; s < 10; s++)
    best = MIN (best, unit->min_cost[s]);
  return best;
}

/* Marks, per residue, whether the unit's minimal assignments at that residue take part in
 * some optimal solution. Without a composite (or when no candidates can make it hold), each
 * unit on its own takes its cheapest assignments. */
static void
choose_residues (GArray   *units,
                 gboolean  use_composite,
                 Chosen   *chosen)
{
  guint m = units->len;
  g_autofree int *forward = g_new (int, (m + 1) * 10);
  g_autofree int *backward = g_new (int, (m + 1) * 10);
  int optimum;

#define F(i, s) forward[(i) * 10 + (s)]
#define B(i, s) backward[(i) * 10 + (s)]

  for (guint i = 0; i < m; i++)
    {
      const Unit *unit = &g_array_index (units, Unit, i);
      int least = unit_min_cost (unit);

      for (int s = 0; s < 10; s++)
        chosen[i][s] = !(use_composite && unit->composite) && least != INF &&
                       unit->min_cost[s] == least;
    }
  if (!use_composite)
    return;

  for (int s = 0; s < 10; s++)
    {
      F (0, s) = s == 0 ? 0 : INF;
      B (m, s) = s == 0 ? 0 : INF;
    }
  for (guint i = 0; i < m; i++)
    {
      const Unit *unit = &g_array_index (units, Unit, i);

      for (int s = 0; s < 10; s++)
        F (i + 1, s) = INF;
      for (int s = 0; s < 10; s++)
        {
          if (F (i, s) == INF)
            continue;
          if (!unit->composite)
            {
              F (i + 1, s) = MIN (F (i + 1, s), F (i, s));
              continue;
            }
          for (int t = 0; t < 10; t++)
            if (unit->min_cost[t] != INF)
              F (i + 1, (s + t) % 10) = MIN (F (i + 1, (s + t) % 10), F (i, s) + unit->min_cost[t]);
        }
    }
  for (guint i = m; i-- > 0;)
    {
      const Unit *unit = &g_array_index (units, Unit, i);

      for (int s = 0; s < 10; s++)
        {
          B (i, s) = INF;
          if (!unit->composite)
            {
              B (i, s) = B (i + 1, s);
              continue;
            }
          for (int t = 0; t < 10; t++)
            if (unit->min_cost[t] != INF && B (i + 1, (s + t) % 10) != INF)
              B (i, s) = MIN (B (i, s), unit->min_cost[t] + B (i + 1, (s + t) % 10));
        }
    }
  optimum = F (m, 0);
  if (optimum == INF)
    {
      choose_residues (units, FALSE, chosen);
      return;
    }

  for (guint i = 0; i < m; i++)
    {
      const Unit *unit = &g_array_index (units, Unit, i);

      if (!unit->composite)
        continue;
      for (int t = 0; t < 10; t++)
        for (int s = 0; s < 10 && !chosen[i][t]; s++)
          chosen[i][t] = unit->min_cost[t] != INF && F (i, s) != INF &&
                         B (i + 1, (s + t) % 10) != INF &&
                         F (i, s) + unit->min_cost[t] + B (i + 1, (s + t) % 10) == optimum;
    }
#undef F
#undef B
}

static gboolean
composite_satisfiable (GArray *units)
{
  gboolean any = FALSE;

  for (guint i = 0; i < units->len; i++)
    {
      const Unit *unit = &g_array_index (units, Unit, i);

      if (!unit->composite)
        continue;
      any = TRUE;
      if (unit_min_cost (unit) == INF)
        return FALSE;
    }
  return any;
}

/* Writes into r->grid, for each unit, the characters on which all its chosen assignments
 * agree; elsewhere the reading stays. */
static void
apply_agreement (Repair  *r,
                 GArray  *units,
                 Chosen   *chosen)
{
  r->grid = r->best;
  for (guint i = 0; i < units->len; i++)
    {
      const Unit *unit = &g_array_index (units, Unit, i);
      const char *agreed = NULL;
      char merged[MAX_UNIT_POSITIONS];
      gboolean ambiguous[MAX_UNIT_POSITIONS] = { FALSE };

      for (int s = 0; s < 10; s++)
        {
          if (!chosen[i][s])
            continue;
          if (unit->overflow[s])
            {
              /* more minimal solutions than kept: do not claim agreement */
              for (guint p = 0; p < unit->n; p++)
                ambiguous[p] = TRUE;
              agreed = merged;
            }
          for (guint k = 0; k < unit->best[s]->len; k++)
            {
              const Assignment *a = &g_array_index (unit->best[s], Assignment, k);
              const char *chars = unit->pool->str + a->offset;

              if (agreed == NULL)
                {
                  memcpy (merged, chars, unit->n);
                  agreed = merged;
                  continue;
                }
              for (guint p = 0; p < unit->n; p++)
                ambiguous[p] |= merged[p] != chars[p];
            }
        }
      if (agreed == NULL)
        continue;
      for (guint p = 0; p < unit->n; p++)
        if (!ambiguous[p])
          r->grid.c[unit->line[p]][unit->column[p]] = merged[p];
    }
}

/* --- result ------------------------------------------------------------------------------ */

static float
choice_confidence (const Position *p,
                   char            c)
{
  for (guint k = 0; k < p->n; k++)
    if (p->choices[k].c == c)
      return p->choices[k].confidence;
  return 0.0f;
}

/* Records an uncertain position once per alternative. */
static void
add_uncertain (GArray *uncertain,
               guint   line,
               guint   column,
               char    read,
               char    alternative)
{
  DiMrzUncertain u = { line, column, read, alternative };

  for (guint i = 0; i < uncertain->len; i++)
    {
      const DiMrzUncertain *v = &g_array_index (uncertain, DiMrzUncertain, i);

      if (v->line == u.line && v->column == u.column && v->alternative == u.alternative)
        return;
    }
  g_array_append_val (uncertain, u);
}

typedef struct {
  guint8 line, column;
  char   c;
  double ratio;   /* the alternative's confidence over the chosen character's */
} Alternative;

#define MAX_ALTERNATIVES 256

/* Finds the other readings that every check would accept just as well: one character
 * changed to another candidate, or two changed together (two errors can cancel in a check
 * digit, such as B for 8 and Z for 2 in a number). Their positions are uncertain, and the
 * confidence is the posterior probability of the chosen reading among them, with the
 * reader's confidences as likelihoods. */
static double
find_uncertain (Repair *r,
                GArray *uncertain)
{
  Alternative alts[MAX_ALTERNATIVES];
  guint n = 0;
  double others = 0.0;

  for (guint l = 0; l < r->layout->n_lines; l++)
    for (guint c = 0; c < r->layout->line_length; c++)
      {
        const Position *p = position_at (r->candidates, l, c);
        char chosen = r->grid.c[l][c];
        double mass = MAX (choice_confidence (p, chosen), 1e-6);
        CharSet set = di_mrz_layout_charset (r->layout, l, c);

        for (guint k = 0; k < p->n && n < MAX_ALTERNATIVES; k++)
          if (p->choices[k].c != chosen && in_charset (set, p->choices[k].c))
            alts[n++] = (Alternative) { l, c, p->choices[k].c, p->choices[k].confidence / mass };
      }

  for (guint i = 0; i < n; i++)
    {
      char *a = &r->grid.c[alts[i].line][alts[i].column];
      char chosen_a = *a;

      *a = alts[i].c;
      if (di_mrz_grid_is_valid (r->layout, &r->grid, r->reference))
        {
          add_uncertain (uncertain, alts[i].line, alts[i].column, chosen_a, alts[i].c);
          others += alts[i].ratio;
        }
      for (guint j = i + 1; j < n; j++)
        {
          char *b = &r->grid.c[alts[j].line][alts[j].column];
          char chosen_b = *b;

          if (b == a)
            continue;
          *b = alts[j].c;
          if (di_mrz_grid_is_valid (r->layout, &r->grid, r->reference))
            {
              add_uncertain (uncertain, alts[i].line, alts[i].column, chosen_a, alts[i].c);
              add_uncertain (uncertain, alts[j].line, alts[j].column, chosen_b, alts[j].c);
              others += alts[i].ratio * alts[j].ratio;
            }
          *b = chosen_b;
        }
      *a = chosen_a;
    }
  /* more alternatives than examined: the reading is too doubtful to vouch for */
  if (n == MAX_ALTERNATIVES)
    return 0.0;
  return 1.0 / (1.0 + others);
}

/* The reader's least confidence in a character no check digit covers, and where such
 * characters fall below `floor` (ranges, up to DI_MRZ_MAX_RANGES). */
static double
weakest_unprotected (Repair     *r,
                     double      floor,
                     DiMrzRange *ranges,
                     guint      *n_ranges,
                     guint      *n_below)
{
  double weakest = 1.0;

  *n_ranges = *n_below = 0;
  for (guint l = 0; l < r->layout->n_lines; l++)
    for (guint c = 0; c < r->layout->line_length; c++)
      {
        double conf = choice_confidence (position_at (r->candidates, l, c), r->grid.c[l][c]);

        if (di_mrz_layout_protected (r->layout, l, c))
          continue;
        weakest = MIN (weakest, conf);
        if (conf >= floor)
          continue;
        (*n_below)++;
        if (*n_ranges < DI_MRZ_MAX_RANGES)
          ranges[(*n_ranges)++] = (DiMrzRange) { l, c, c + 1 };
      }
  return weakest;
}

/* The reader's policy: the chosen reading must be clearly the most probable of those the
 * checks accept, and every character no check digit covers must have been read with
 * confidence. Below that the MRZ is not valid, whatever its check digits say. */
static void
check_reading (Repair *r,
               DiMrz  *mrz,
               double  posterior)
{
  const DiMrzCandidates *cands = r->candidates;
  DiMrzRange ranges[DI_MRZ_MAX_RANGES];
  guint n_ranges, n_doubtful;
  g_autofree char *message = NULL;

  if (cands->min_posterior <= 0 && cands->min_unprotected <= 0)
    return;
  weakest_unprotected (r, cands->min_unprotected, ranges, &n_ranges, &n_doubtful);
  if (n_doubtful == 0 && posterior >= cands->min_posterior)
    return;
  if (n_doubtful > 0)
    message = g_strdup_printf ("%u character%s that no check digit covers %s read with too "
                               "little confidence: the MRZ is not vouched for.", n_doubtful,
                               n_doubtful == 1 ? "" : "s", n_doubtful == 1 ? "was" : "were");
  else
    message = g_strdup_printf ("Other readings hold every check nearly as well (the chosen one "
                               "has probability %.2f): the MRZ is not vouched for.", posterior);
  di_mrz_add_failed_check (mrz, "mrz.ocr.confidence", ranges, n_ranges, message);
}

/* Without a valid result, the confidence is the reader's own: the geometric mean of the
 * chosen characters' confidences, halved for the failure. */
static double
reading_confidence (Repair *r)
{
  double log_sum = 0.0;
  guint n = 0;

  for (guint l = 0; l < r->layout->n_lines; l++)
    for (guint c = 0; c < r->layout->line_length; c++)
      {
        double conf = choice_confidence (position_at (r->candidates, l, c), r->grid.c[l][c]);

        log_sum += log (MAX (conf, 1e-6));
        n++;
      }
  return n > 0 ? 0.5 * exp (log_sum / n) : 0.0;
}

static DiMrz *
repair_with_layout (const Layout          *layout,
                    const DiMrzCandidates *candidates,
                    const GDate           *reference)
{
  Repair r = { layout, candidates, reference,
               di_mrz_layout_find_span (layout, SPAN_COMPOSITE_CD) };
  g_autoptr (GArray) units = NULL;
  g_autoptr (GArray) repairs = g_array_new (FALSE, FALSE, sizeof (DiMrzRepair));
  g_autoptr (GArray) uncertain = g_array_new (FALSE, FALSE, sizeof (DiMrzUncertain));
  g_autofree Chosen *chosen = NULL;
  DiMrz *mrz;
  double confidence;

  memset (&r.best, 0, sizeof r.best);
  for (guint l = 0; l < layout->n_lines; l++)
    for (guint c = 0; c < layout->line_length; c++)
      {
        const Position *p = position_at (candidates, l, c);

        /* A position the reader saw nothing at holds a character no check accepts. */
        r.best.c[l][c] = p->n > 0 ? p->choices[0].c : '?';
      }
  r.grid = r.best;

  units = build_units (&r);
  for (guint i = 0; i < units->len; i++)
    unit_solve (&r, &g_array_index (units, Unit, i));

  chosen = g_new0 (Chosen, units->len);
  choose_residues (units, composite_satisfiable (units), chosen);
  apply_agreement (&r, units, chosen);
  for (guint i = 0; i < units->len; i++)
    unit_clear (&g_array_index (units, Unit, i));

  for (guint l = 0; l < layout->n_lines; l++)
    for (guint c = 0; c < layout->line_length; c++)
      if (r.grid.c[l][c] != r.best.c[l][c])
        {
          DiMrzRepair repair = { l, c, r.best.c[l][c], r.grid.c[l][c] };

          g_array_append_val (repairs, repair);
        }

  mrz = di_mrz_new_from_grid (layout, &r.grid, reference);
  if (di_mrz_is_valid (mrz))
    confidence = find_uncertain (&r, uncertain);
  else
    confidence = reading_confidence (&r);
  /* The first characters decide the format (P for a passport, V for a visa of one size;
   * "IDFRA" for the French card): no check digit covers them, and a repair there moves the
   * whole reading into another format, whose own checks then hold by syntax only. A repair
   * without which the rule would not give this layout is never proven: it is reported
   * uncertain, and the reading is not vouched for. */
  for (guint i = 0; i < repairs->len; i++)
    {
      const DiMrzRepair *repair = &g_array_index (repairs, DiMrzRepair, i);
      Grid without = r.grid;

      without.c[repair->line][repair->column] = repair->from;
      if (di_mrz_grid_format (&r.grid, layout->n_lines, layout->line_length) == layout->format &&
          di_mrz_grid_format (&without, layout->n_lines, layout->line_length) != layout->format)
        {
          add_uncertain (uncertain, repair->line, repair->column, repair->to, repair->from);
          confidence = MIN (confidence, 0.5);
        }
    }
  {
    DiMrzRange unused[DI_MRZ_MAX_RANGES];
    guint n_unused, n_below;

    di_mrz_set_repair_result (mrz, repairs, uncertain, confidence,
                              weakest_unprotected (&r, 0.0, unused, &n_unused, &n_below));
  }
  if (di_mrz_is_valid (mrz))
    check_reading (&r, mrz, confidence);
  return mrz;
}

static guint
count_failures (const DiMrz *mrz)
{
  const DiMrzCheck *checks;
  guint n, failures = 0;

  checks = di_mrz_get_checks (mrz, &n);
  for (guint i = 0; i < n; i++)
    failures += checks[i].status == DI_CHECK_FAIL;
  return failures;
}

/* Better: valid; then fewer failed checks; then fewer repairs. */
static gboolean
better_than (const DiMrz *a,
             const DiMrz *b)
{
  guint na, nb;

  if (b == NULL)
    return TRUE;
  if (di_mrz_is_valid (a) != di_mrz_is_valid (b))
    return di_mrz_is_valid (a);
  if (count_failures (a) != count_failures (b))
    return count_failures (a) < count_failures (b);
  di_mrz_get_repairs (a, &na);
  di_mrz_get_repairs (b, &nb);
  return na < nb;
}

/**
 * di_mrz_repair:
 * @candidates: per position, the characters the reader saw with confidences
 * @reference: (nullable): as for di_mrz_parse()
 *
 * Returns the most probable MRZ whose check digits and field syntax all hold, for each
 * format of the candidates' shape, and the best of them: the reading itself wherever it is
 * consistent, and elsewhere the fewest changes among the candidates that make every check
 * hold — made only where all such minimal solutions agree. The repairs, the positions the
 * checks cannot confirm (di_mrz_get_uncertain()) and a confidence come with the result.
 *
 * Returns: (transfer full): the MRZ, never %NULL; of unknown format if the shape is not an
 *   MRZ shape
 */
DiMrz *
di_mrz_repair (const DiMrzCandidates *candidates,
               const GDate           *reference)
{
  static const DiMrzFormat formats[] = {
    DI_MRZ_FORMAT_TD1, DI_MRZ_FORMAT_TD3, DI_MRZ_FORMAT_MRVA, DI_MRZ_FORMAT_TD2,
    DI_MRZ_FORMAT_FRA_ID, DI_MRZ_FORMAT_MRVB,
  };
  DiMrz *best = NULL;
  GDate today;

  g_return_val_if_fail (candidates != NULL, NULL);

  if (reference == NULL || !g_date_valid (reference))
    {
      g_date_clear (&today, 1);
      g_date_set_time_t (&today, time (NULL));
      reference = &today;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const Layout *layout = di_mrz_layout_get (formats[i]);
      DiMrz *mrz;

      if (layout->n_lines != candidates->n_lines || layout->line_length != candidates->line_length)
        continue;
      mrz = repair_with_layout (layout, candidates, reference);
      if (better_than (mrz, best))
        {
          g_clear_pointer (&best, di_mrz_unref);
          best = mrz;
        }
      else
        di_mrz_unref (mrz);
    }

  if (best == NULL)
    {
      g_auto (GStrv) lines = g_new0 (char *, candidates->n_lines + 1);

      for (guint l = 0; l < candidates->n_lines; l++)
        {
          lines[l] = g_malloc0 (candidates->line_length + 1);
          for (guint c = 0; c < candidates->line_length; c++)
            {
              const Position *p = position_at (candidates, l, c);

              lines[l][c] = p->n > 0 ? p->choices[0].c : '<';
            }
        }
      best = di_mrz_parse ((const char *const *) lines, candidates->n_lines, reference);
    }
  return best;
}
