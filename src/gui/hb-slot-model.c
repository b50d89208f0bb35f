/* hb-slot-model.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-slot-model.h"

/* Past this many rows from a change, a view has no row widgets (GTK 4.8 keeps 200
 * around what it shows): the rest of the change comes at once. */
#define NEAR_ROWS 256

/* A change of more rows than this is shown as a bulk (see show_bulk). */
#define BULK_ROWS 64

/* A held slot: the row it mirrors and where it is. */
typedef struct
{
  HbSlotModel *owner;
  HbJsonItem  *item;      /* the slot; not a reference (its holders own it) */
  HbJsonItem  *row;       /* a reference */
  gulong       handler;   /* the row's notify::data */
  guint        position;
} Slot;

/* A model with a "pending" property (GtkFilterListModel, GtkSortListModel). */
typedef struct
{
  GObject *model;
  gulong   handler;
} Wait;

typedef enum {
  STEPS_NONE,
  STEPS_GROW,    /* rows[start, start + count) are still to be shown at start */
  STEPS_SHRINK,  /* shown[start, start + count) are blanks still to be removed */
} Steps;

struct _HbSlotModel
{
  GObject     parent_instance;

  GListModel *model;
  gulong      items_changed_id;
  GPtrArray  *rows;       /* HbJsonItem: the model's rows */
  GPtrArray  *departed;   /* HbJsonItem: rows removed since the last change shown */
  GPtrArray  *shown;      /* HbJsonItem, not references: the rows as announced; rows,
                           * but for steps (blanks, or rows not shown yet) */
  GPtrArray  *slots;      /* Slot, by position; a view holds a few hundred */
  GPtrArray  *waits;      /* Wait: models whose pending work holds changes back */
  gboolean    unshown;    /* rows changed while held back */
  guint       catch_up_id;
  HbJsonItem *blank;      /* what a row on its way out shows */

  guint       step;
  Steps       steps;
  guint       start;
  guint       count;
  guint       done;       /* rows a growth has shown so far */
};

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

enum {
  ROWS_CHANGING,
  ROWS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void hb_slot_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HbSlotModel, hb_slot_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hb_slot_model_list_init))

/* Slots ******************************************************************************/

static void
row_data_cb (HbJsonItem *row,
             GParamSpec *pspec,
             Slot       *slot)
{
  hb_json_item_set_data (slot->item, hb_json_item_get_data (row));
}

/* Points @slot at @row. */
static void
slot_set_row (Slot       *slot,
              HbJsonItem *row)
{
  if (slot->row == row)
    return;
  if (slot->row != NULL)
    {
      g_signal_handler_disconnect (slot->row, slot->handler);
      g_object_unref (slot->row);
    }
  slot->row = g_object_ref (row);
  slot->handler = g_signal_connect (row, "notify::data", G_CALLBACK (row_data_cb), slot);
  hb_json_item_set_key (slot->item, hb_json_item_get_key (row));
  hb_json_item_set_data (slot->item, hb_json_item_get_data (row));
}

static void
slot_free (Slot *slot)
{
  g_signal_handler_disconnect (slot->row, slot->handler);
  g_object_unref (slot->row);
  g_free (slot);
}

/* The index of the slot at @position, or where it would go (*found says which). */
static guint
find_index (HbSlotModel *self,
            guint        position,
            gboolean    *found)
{
  guint lo = 0, hi = self->slots->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      Slot *slot = g_ptr_array_index (self->slots, mid);

      if (slot->position == position)
        {
          *found = TRUE;
          return mid;
        }
      if (slot->position < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  *found = FALSE;
  return lo;
}

/* Its last holder let the slot go. */
static void
slot_gone_cb (gpointer  data,
              GObject  *where_the_item_was)
{
  Slot *slot = data;
  gboolean found;
  guint index = find_index (slot->owner, slot->position, &found);

  g_assert (found && g_ptr_array_index (slot->owner->slots, index) == slot);
  g_ptr_array_remove_index (slot->owner->slots, index);
  slot_free (slot);
}

/* The slot leaves the model; its holders keep it, with the data it had. */
static void
slot_detach (Slot *slot)
{
  g_object_weak_unref (G_OBJECT (slot->item), slot_gone_cb, slot);
  slot_free (slot);
}

/* Slots in [from, to) mirror what is shown there now. */
static void
slots_follow (HbSlotModel *self,
              guint        from,
              guint        to)
{
  gboolean found;

  for (guint i = find_index (self, from, &found); i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->position >= to)
        break;
      slot_set_row (slot, g_ptr_array_index (self->shown, slot->position));
    }
}

/* Rows shown ********************************************************************/

static void
set_steps (HbSlotModel *self,
           Steps        steps,
           guint        start,
           guint        count)
{
  guint was = hb_slot_model_get_pending (self);

  self->steps = count > 0 ? steps : STEPS_NONE;
  self->start = start;
  self->count = count;
  if (hb_slot_model_get_pending (self) != was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* Removes @n shown rows at @position and announces it. */
static void
remove_shown (HbSlotModel *self,
              guint        position,
              guint        n)
{
  guint i = 0;

  if (n == 0)
    return;
  while (i < self->slots->len)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->position < position)
        i++;
      else if (slot->position < position + n)
        {
          g_ptr_array_remove_index (self->slots, i);
          slot_detach (slot);
        }
      else
        {
          slot->position -= n;
          i++;
        }
    }
  g_ptr_array_remove_range (self->shown, position, n);
  g_list_model_items_changed (G_LIST_MODEL (self), position, n, 0);
}

/* Shows rows[@position, @position + @n) at @position and announces it. */
static void
insert_shown (HbSlotModel *self,
              guint        position,
              guint        n)
{
  guint len = self->shown->len;
  gboolean found;

  if (n == 0)
    return;
  for (guint i = find_index (self, position, &found); i < self->slots->len; i++)
    ((Slot *) g_ptr_array_index (self->slots, i))->position += n;
  g_ptr_array_set_size (self->shown, len + n);
  memmove (self->shown->pdata + position + n, self->shown->pdata + position,
           (len - position) * sizeof (gpointer));
  memcpy (self->shown->pdata + position, self->rows->pdata + position, n * sizeof (gpointer));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n);
}

static void
step_once (HbSlotModel *self)
{
  guint n;

  if (self->steps == STEPS_GROW)
    {
      n = self->done >= NEAR_ROWS ? self->count : MIN (self->step, self->count);
      insert_shown (self, self->start, n);
      self->done += n;
      set_steps (self, STEPS_GROW, self->start + n, self->count - n);
    }
  else if (self->steps == STEPS_SHRINK)
    {
      /* From the end: the rows after the blanks keep their widgets. */
      n = MIN (self->step, self->count);
      remove_shown (self, self->start + self->count - n, n);
      set_steps (self, STEPS_SHRINK, self->start, self->count - n);
    }
}

/* Shown becomes rows, with @gap_count blanks at @gap (or rows[@gap, @gap + @gap_count)
 * left out, with @leave_out), and every slot mirrors its position's row. */
static void
show_rows_with_gap (HbSlotModel *self,
                    guint        gap,
                    guint        gap_count,
                    gboolean     leave_out)
{
  guint n = self->rows->len + (leave_out ? 0 : gap_count) - (leave_out ? gap_count : 0);

  g_ptr_array_set_size (self->shown, n);
  memcpy (self->shown->pdata, self->rows->pdata, gap * sizeof (gpointer));
  if (leave_out)
    memcpy (self->shown->pdata + gap, self->rows->pdata + gap + gap_count,
            (n - gap) * sizeof (gpointer));
  else
    {
      for (guint i = 0; i < gap_count; i++)
        self->shown->pdata[gap + i] = self->blank;
      memcpy (self->shown->pdata + gap + gap_count, self->rows->pdata + gap,
              (self->rows->len - gap) * sizeof (gpointer));
    }
  slots_follow (self, 0, n);
}

/* The slots held at positions in [from, to): how many, and their span. */
static guint
slots_within (HbSlotModel *self,
              guint        from,
              guint        to,
              guint       *first,
              guint       *end)
{
  gboolean found;
  guint n = 0;

  *first = *end = from;
  for (guint i = find_index (self, from, &found); i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->position >= to)
        break;
      if (n++ == 0)
        *first = slot->position;
      *end = slot->position + 1;
    }
  return n;
}

/* Where to cut @extra rows out of @len shown ones: the end of the last run of rows
 * without slots that is long enough, or else the end of the list. */
static guint
cut_between_slots (HbSlotModel *self,
                   guint        len,
                   guint        extra)
{
  guint gap_end = len;

  for (guint i = self->slots->len; ; i--)
    {
      guint gap_start = i > 0 ? ((Slot *) g_ptr_array_index (self->slots, i - 1))->position + 1 : 0;

      if (gap_end - gap_start >= extra)
        return gap_end - extra;
      if (i == 0)
        return len - extra;
      gap_end = gap_start - 1;
    }
}

/*
 * Shows rows however different they are from what is shown (a refilter, a resort).
 * Every position is a slot that mirrors its new row, so the only choice is where to
 * announce the difference in length: away from the slots a view holds, whose row
 * widgets then stay (a shorter list is cut before or after them, a longer one grows
 * after them). What cannot stay goes, or comes, in steps.
 */
static void
show_bulk (HbSlotModel *self)
{
  guint len = self->shown->len, new_len = self->rows->len;
  guint first = 0, end = 0;
  guint n_slots = slots_within (self, 0, len, &first, &end);

  set_steps (self, STEPS_NONE, 0, 0);
  if (new_len < len)
    {
      guint extra = len - new_len;
      guint cut, inside;

      cut = cut_between_slots (self, len, extra);
      inside = slots_within (self, cut, cut + extra, &first, &end);

      if (self->step == 0 || inside <= self->step)
        {
          remove_shown (self, cut, extra);
          show_rows_with_gap (self, 0, 0, FALSE);
        }
      else
        {
          /* The rows around the held ones go at once; the held ones go blank. */
          remove_shown (self, end, cut + extra - end);
          remove_shown (self, cut, first - cut);
          show_rows_with_gap (self, cut, end - first, FALSE);
          set_steps (self, STEPS_SHRINK, cut, end - first);
          step_once (self);
        }
    }
  else if (new_len > len)
    {
      guint extra = new_len - len;
      guint at = n_slots > 0 ? end : len;

      show_rows_with_gap (self, at, extra, TRUE);
      if (self->step == 0 || extra <= self->step)
        insert_shown (self, at, extra);
      else
        {
          self->done = 0;
          set_steps (self, STEPS_GROW, at, extra);
          step_once (self);
        }
    }
  else
    show_rows_with_gap (self, 0, 0, FALSE);
}

/* Shows the change of rows[@position, @position + @removed) into @added rows, when
 * shown is rows as they were: slots keep following their rows. */
static void
show_change (HbSlotModel *self,
             guint        position,
             guint        removed,
             guint        added)
{
  guint kept = MIN (removed, added);

  memcpy (self->shown->pdata + position, self->rows->pdata + position,
          kept * sizeof (gpointer));
  slots_follow (self, position, position + kept);
  if (removed > added)
    remove_shown (self, position + kept, removed - added);
  else
    insert_shown (self, position + kept, added - removed);
}

/* The underlying model *****************************************************************/

static gboolean
is_held (HbSlotModel *self)
{
  for (guint i = 0; i < self->waits->len; i++)
    {
      Wait *wait = g_ptr_array_index (self->waits, i);
      guint pending = 0;

      g_object_get (wait->model, "pending", &pending, NULL);
      if (pending > 0)
        return TRUE;
    }
  return FALSE;
}

/* Shows what was held back, as one change. */
static void
catch_up (HbSlotModel *self)
{
  g_clear_handle_id (&self->catch_up_id, g_source_remove);
  if (!self->unshown)
    return;
  self->unshown = FALSE;
  g_signal_emit (self, signals[ROWS_CHANGING], 0);
  show_bulk (self);
  g_ptr_array_set_size (self->departed, 0);
  g_signal_emit (self, signals[ROWS_CHANGED], 0);
}

static gboolean
catch_up_cb (gpointer data)
{
  HbSlotModel *self = data;

  self->catch_up_id = 0;
  catch_up (self);
  return G_SOURCE_REMOVE;
}

/* GTK's models say their work is done before they announce its last step: the catch-up
 * waits for that (an idle before the next frame), unless the announcement comes first. */
static void
pending_cb (GObject     *model,
            GParamSpec  *pspec,
            HbSlotModel *self)
{
  if (self->unshown && self->catch_up_id == 0 && !is_held (self))
    self->catch_up_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, catch_up_cb, self, NULL);
}

static void
items_changed_cb (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  HbSlotModel *self)
{
  guint n;

  /* Replace the rows in place (the rest only moves); the removed ones live until shown
   * no longer refers to them (the next change shown). */
  for (guint i = 0; i < removed; i++)
    g_ptr_array_add (self->departed, g_ptr_array_index (self->rows, position + i));
  g_ptr_array_set_free_func (self->rows, NULL);
  g_ptr_array_remove_range (self->rows, position, removed);
  g_ptr_array_set_free_func (self->rows, g_object_unref);
  n = self->rows->len;
  g_ptr_array_set_size (self->rows, n + added);
  memmove (self->rows->pdata + position + added, self->rows->pdata + position,
           (n - position) * sizeof (gpointer));
  for (guint i = 0; i < added; i++)
    self->rows->pdata[position + i] = g_list_model_get_item (model, position + i);

  /* A refilter or resort in progress: its steps are shown as one when it is done. */
  if (self->unshown || is_held (self))
    {
      self->unshown = TRUE;
      if (!is_held (self))
        catch_up (self);
      return;
    }

  g_signal_emit (self, signals[ROWS_CHANGING], 0);
  /* Shown is rows as they were, unless steps are under way; a big change, or one that
   * takes steps, is a bulk. */
  if (self->steps == STEPS_NONE && removed + added <= BULK_ROWS &&
      (self->step == 0 || MAX (removed, added) - MIN (removed, added) <= self->step))
    show_change (self, position, removed, added);
  else
    show_bulk (self);
  g_ptr_array_set_size (self->departed, 0);
  g_signal_emit (self, signals[ROWS_CHANGED], 0);
}

/* GListModel ****************************************************************************/

static GType
hb_slot_model_get_item_type (GListModel *model)
{
  return HB_TYPE_JSON_ITEM;
}

static guint
hb_slot_model_get_n_items (GListModel *model)
{
  return HB_SLOT_MODEL (model)->shown->len;
}

static gpointer
hb_slot_model_get_item (GListModel *model,
                        guint       position)
{
  HbSlotModel *self = HB_SLOT_MODEL (model);
  HbJsonItem *row;
  gboolean found;
  guint index;
  Slot *slot;

  if (position >= self->shown->len)
    return NULL;
  index = find_index (self, position, &found);
  if (found)
    return g_object_ref (((Slot *) g_ptr_array_index (self->slots, index))->item);

  row = g_ptr_array_index (self->shown, position);
  slot = g_new0 (Slot, 1);
  slot->owner = self;
  slot->position = position;
  slot->item = hb_json_item_new (hb_json_item_get_key (row), hb_json_item_get_data (row));
  slot_set_row (slot, row);
  g_object_weak_ref (G_OBJECT (slot->item), slot_gone_cb, slot);
  g_ptr_array_insert (self->slots, index, slot);
  /* The caller's reference is the slot's only one. */
  return slot->item;
}

static void
hb_slot_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = hb_slot_model_get_item_type;
  iface->get_n_items = hb_slot_model_get_n_items;
  iface->get_item = hb_slot_model_get_item;
}

/* GObject *******************************************************************************/

static void
hb_slot_model_dispose (GObject *object)
{
  HbSlotModel *self = HB_SLOT_MODEL (object);

  while (self->slots->len > 0)
    slot_detach (g_ptr_array_steal_index (self->slots, self->slots->len - 1));
  while (self->waits->len > 0)
    {
      Wait *wait = g_ptr_array_steal_index (self->waits, self->waits->len - 1);

      g_signal_handler_disconnect (wait->model, wait->handler);
      g_object_unref (wait->model);
      g_free (wait);
    }
  g_clear_handle_id (&self->catch_up_id, g_source_remove);
  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);
  g_ptr_array_set_size (self->shown, 0);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->departed, 0);
  self->steps = STEPS_NONE;

  G_OBJECT_CLASS (hb_slot_model_parent_class)->dispose (object);
}

static void
hb_slot_model_finalize (GObject *object)
{
  HbSlotModel *self = HB_SLOT_MODEL (object);

  g_ptr_array_unref (self->slots);
  g_ptr_array_unref (self->waits);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->departed);
  g_ptr_array_unref (self->shown);
  g_object_unref (self->blank);

  G_OBJECT_CLASS (hb_slot_model_parent_class)->finalize (object);
}

static void
hb_slot_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HbSlotModel *self = HB_SLOT_MODEL (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_uint (value, hb_slot_model_get_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_slot_model_class_init (HbSlotModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_slot_model_dispose;
  object_class->finalize = hb_slot_model_finalize;
  object_class->get_property = hb_slot_model_get_property;

  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ROWS_CHANGING] =
    g_signal_new ("rows-changing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ROWS_CHANGED] =
    g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hb_slot_model_init (HbSlotModel *self)
{
  g_autoptr(JsonObject) nothing = json_object_new ();

  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->departed = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = g_ptr_array_new ();
  self->slots = g_ptr_array_new ();
  self->waits = g_ptr_array_new ();
  self->blank = hb_json_item_new (NULL, nothing);
}

HbSlotModel *
hb_slot_model_new (GListModel *model)
{
  HbSlotModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (HB_TYPE_SLOT_MODEL, NULL);
  self->model = g_object_ref (model);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->shown);
  self->rows = g_ptr_array_new_full (g_list_model_get_n_items (model), g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (self->rows, g_list_model_get_item (model, i));
  self->shown = g_ptr_array_sized_new (self->rows->len);
  g_ptr_array_extend (self->shown, self->rows, NULL, NULL);
  self->items_changed_id = g_signal_connect (model, "items-changed",
                                             G_CALLBACK (items_changed_cb), self);
  return self;
}

void
hb_slot_model_wait_for (HbSlotModel *self,
                        GObject     *model)
{
  Wait *wait;

  g_return_if_fail (HB_IS_SLOT_MODEL (self));
  g_return_if_fail (g_object_class_find_property (G_OBJECT_GET_CLASS (model), "pending"));

  wait = g_new0 (Wait, 1);
  wait->model = g_object_ref (model);
  wait->handler = g_signal_connect (model, "notify::pending", G_CALLBACK (pending_cb), self);
  g_ptr_array_add (self->waits, wait);
}

void
hb_slot_model_set_step (HbSlotModel *self,
                        guint        step)
{
  g_return_if_fail (HB_IS_SLOT_MODEL (self));

  self->step = step;
  /* No more steps: a change under way is shown to its end (if it is not held back: then
   * its catch-up will show it all). */
  if (step == 0 && self->steps != STEPS_NONE && !self->unshown)
    {
      g_signal_emit (self, signals[ROWS_CHANGING], 0);
      show_bulk (self);
      g_signal_emit (self, signals[ROWS_CHANGED], 0);
    }
}

void
hb_slot_model_advance (HbSlotModel *self)
{
  g_return_if_fail (HB_IS_SLOT_MODEL (self));

  /* Changes held back since make the steps' rows stale: the catch-up starts anew. */
  if (self->steps == STEPS_NONE || self->unshown)
    return;
  g_signal_emit (self, signals[ROWS_CHANGING], 0);
  step_once (self);
  g_signal_emit (self, signals[ROWS_CHANGED], 0);
}

guint
hb_slot_model_get_pending (HbSlotModel *self)
{
  g_return_val_if_fail (HB_IS_SLOT_MODEL (self), 0);

  return self->steps == STEPS_NONE ? 0 : self->count;
}

GListModel *
hb_slot_model_get_model (HbSlotModel *self)
{
  g_return_val_if_fail (HB_IS_SLOT_MODEL (self), NULL);

  return self->model;
}

HbJsonItem *
hb_slot_model_get_row (HbSlotModel *self,
                       HbJsonItem  *slot)
{
  g_return_val_if_fail (HB_IS_SLOT_MODEL (self), NULL);

  if (slot == NULL)
    return NULL;
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *s = g_ptr_array_index (self->slots, i);

      if (s->item == slot)
        return s->row != self->blank ? s->row : NULL;
    }
  return slot;
}

guint
hb_slot_model_find_row (HbSlotModel *self,
                        HbJsonItem  *row)
{
  g_return_val_if_fail (HB_IS_SLOT_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->shown->len; i++)
    if (g_ptr_array_index (self->shown, i) == row)
      return i;
  return G_MAXUINT;
}
