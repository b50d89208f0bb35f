/* hb-entity-history.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <hassbench.h>

#include <math.h>
#include <string.h>

#include "hb-json-item.h"
#include "hb-entity-history.h"

typedef struct {
  char   *entity_id;
  GArray *segments;       /* of HbStateSegment, by start */
  gint64  last_activity;  /* time_fired of its last state_changed event */
  guint64 last_seq;       /* ... and that event's arrival order, for ties */
  guint   n_text;         /* states that are not numbers (unknown/unavailable aside) */
  double  min, max;       /* the range of the numeric states */
  const char *unit;       /* pooled */
  GPtrArray  *seen;       /* distinct states (pooled), first seen first; capped */
} Record;

struct _HbEntityHistory
{
  GObject     parent_instance;

  GListModel *entities;
  GListModel *events;
  guint       n_events_read;  /* rows of @events already read */
  guint64     seq;
  GHashTable *records;        /* entity_id -> Record */
  GHashTable *pool;           /* the state strings segments point to */
  GHashTable *baselines;      /* entity_id -> its state object when its row was added */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HbEntityHistory, hb_entity_history, G_TYPE_OBJECT)

static void
record_free (gpointer data)
{
  Record *record = data;

  g_free (record->entity_id);
  g_array_unref (record->segments);
  g_ptr_array_unref (record->seen);
  g_free (record);
}

static const char *
pool_string (HbEntityHistory *self,
             const char      *text)
{
  char *pooled;

  if (text == NULL)
    return NULL;
  pooled = g_hash_table_lookup (self->pool, text);
  if (pooled == NULL)
    {
      pooled = g_strdup (text);
      g_hash_table_add (self->pool, pooled);
    }
  return pooled;
}

/* Distinct states remembered per entity, for a colour each (a numeric sensor has more). */
#define MAX_SEEN 32

/* Not a time: the epoch is one (set_state's states have changed "since ever"). */
#define NO_TIME G_MININT64

static gboolean
digits (const char *text,
        guint       n,
        int        *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *value = *value * 10 + (text[i] - '0');
    }
  return TRUE;
}

/* The host's own shape, "2024-06-01T07:00:00[.ffffff](+00:00|Z)", without a GDateTime:
 * a long session has two times per event to read, and GDateTime builds a time zone for
 * each. Anything else goes the general way. */
static gboolean
parse_host_time (const char *iso,
                 gint64     *usec)
{
  static guint32 epoch_julian;
  int year, month, day, hour, minute, second, tz_hour, tz_minute, offset = 0;
  gint64 fraction = 0;
  const char *p = iso + 19;
  GDate date;

  if (strlen (iso) < 20 ||
      !digits (iso, 4, &year) || iso[4] != '-' || !digits (iso + 5, 2, &month) ||
      iso[7] != '-' || !digits (iso + 8, 2, &day) || (iso[10] != 'T' && iso[10] != ' ') ||
      !digits (iso + 11, 2, &hour) || iso[13] != ':' || !digits (iso + 14, 2, &minute) ||
      iso[16] != ':' || !digits (iso + 17, 2, &second) ||
      hour > 23 || minute > 59 || second > 59 || year < 1 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  if (*p == '.')
    {
      guint n = 0;

      for (p++; g_ascii_isdigit (*p); p++, n++)
        if (n < 6)
          fraction = fraction * 10 + (*p - '0');
      if (n == 0)
        return FALSE;
      for (; n < 6; n++)
        fraction *= 10;
    }
  if (*p == 'Z' && p[1] == '\0')
    offset = 0;
  else if ((*p == '+' || *p == '-') && digits (p + 1, 2, &tz_hour) && p[3] == ':' &&
           digits (p + 4, 2, &tz_minute) && p[6] == '\0')
    offset = (*p == '-' ? -1 : 1) * (tz_hour * 3600 + tz_minute * 60);
  else
    return FALSE;

  if (epoch_julian == 0)
    {
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1970);
      epoch_julian = g_date_get_julian (&date);
    }
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  *usec = (((gint64) g_date_get_julian (&date) - epoch_julian) * 86400 +
           hour * 3600 + minute * 60 + second - offset) * G_USEC_PER_SEC + fraction;
  return TRUE;
}

static gint64
parse_usec (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 usec;

  if (iso == NULL || *iso == '\0')
    return NO_TIME;
  if (parse_host_time (iso, &usec))
    return usec;
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt != NULL ? hb_date_time_to_usec (dt) : NO_TIME;
}

/* States that say nothing about the value: gaps in a lane, not text in a numeric one. */
static gboolean
is_missing (const char *state)
{
  return state == NULL || g_str_equal (state, "unknown") || g_str_equal (state, "unavailable");
}

static double
parse_number (const char *state)
{
  char *end = NULL;
  double value;

  if (is_missing (state) || *state == '\0')
    return NAN;
  value = g_ascii_strtod (state, &end);
  if (end == state || *end != '\0' || !isfinite (value))
    return NAN;
  return value;
}

static Record *
ensure_record (HbEntityHistory *self,
               const char      *entity_id)
{
  Record *record = g_hash_table_lookup (self->records, entity_id);

  if (record == NULL)
    {
      record = g_new0 (Record, 1);
      record->entity_id = g_strdup (entity_id);
      record->segments = g_array_new (FALSE, FALSE, sizeof (HbStateSegment));
      record->seen = g_ptr_array_new ();
      record->min = INFINITY;
      record->max = -INFINITY;
      g_hash_table_insert (self->records, record->entity_id, record);
    }
  return record;
}

/* The first segment that starts at or after @start. */
static guint
lower_bound (GArray *segments,
             gint64  start)
{
  guint lo = 0, hi = segments->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (segments, HbStateSegment, mid).start < start)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Records the fact "@state since @start". A later event overrides what is known for the
 * same instant (@override); a state object's last_changed only fills what is missing. */
static void
add_fact (HbEntityHistory *self,
          Record          *record,
          gint64           start,
          const char      *state,
          gboolean         override)
{
  GArray *segments = record->segments;
  HbStateSegment segment = { start, pool_string (self, state), parse_number (state) };
  guint i;

  if (start == NO_TIME)
    return;

  if (!is_missing (state))
    {
      if (record->seen->len < MAX_SEEN &&
          !g_ptr_array_find (record->seen, segment.state, NULL))
        g_ptr_array_add (record->seen, (gpointer) segment.state);
      if (isnan (segment.value))
        record->n_text++;
      else
        {
          record->min = MIN (record->min, segment.value);
          record->max = MAX (record->max, segment.value);
        }
    }

  /* Events come in time order: the common case appends. */
  i = segments->len > 0 &&
      g_array_index (segments, HbStateSegment, segments->len - 1).start < start
      ? segments->len : lower_bound (segments, start);

  if (i < segments->len && g_array_index (segments, HbStateSegment, i).start == start)
    {
      if (override)
        g_array_index (segments, HbStateSegment, i) = segment;
    }
  /* Already in that state since earlier: nothing new. */
  else if (i > 0 && g_array_index (segments, HbStateSegment, i - 1).state == segment.state)
    return;
  else
    g_array_insert_val (segments, i, segment);

  /* Merge with neighbours in the same state (pooled strings compare by pointer). */
  if (i + 1 < segments->len &&
      g_array_index (segments, HbStateSegment, i + 1).state == segment.state)
    g_array_remove_index (segments, i + 1);
  if (i > 0 && i < segments->len &&
      g_array_index (segments, HbStateSegment, i - 1).state ==
      g_array_index (segments, HbStateSegment, i).state)
    g_array_remove_index (segments, i);
}

static void
add_state_object (HbEntityHistory *self,
                  Record          *record,
                  JsonObject      *state,
                  gint64           fallback,
                  gboolean         override)
{
  const char *text = json_object_get_string_member_with_default (state, "state", NULL);
  gint64 since = parse_usec (json_object_get_string_member_with_default (state, "last_changed",
                                                                         NULL));
  JsonObject *attributes = json_object_has_member (state, "attributes")
                           ? json_object_get_object_member (state, "attributes") : NULL;

  if (text == NULL)
    return;
  if (attributes != NULL && json_object_has_member (attributes, "unit_of_measurement"))
    {
      JsonNode *unit = json_object_get_member (attributes, "unit_of_measurement");

      if (JSON_NODE_HOLDS_VALUE (unit) && json_node_get_value_type (unit) == G_TYPE_STRING)
        record->unit = pool_string (self, json_node_get_string (unit));
    }
  add_fact (self, record, since != NO_TIME ? since : fallback, text, override);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
is_state_changed (JsonObject *bus_event)
{
  const char *event_type = json_object_get_string_member_with_default (bus_event, "event_type",
                                                                       NULL);

  if (event_type != NULL)
    return g_str_equal (event_type, "state_changed");
  return g_strcmp0 (json_object_get_string_member_with_default (bus_event, "topic", NULL),
                    "hass.event.state_changed") == 0;
}

/* Whether the entity's last known state is already @old_state's: then the old state says
 * nothing new, and its times need no parsing (the common case, a change after a change). */
static gboolean
continues_last (Record     *record,
                JsonObject *old_state)
{
  const char *text = json_object_get_string_member_with_default (old_state, "state", NULL);
  const HbStateSegment *last;

  if (record->segments->len == 0 || text == NULL)
    return FALSE;
  last = &g_array_index (record->segments, HbStateSegment, record->segments->len - 1);
  return last->state != NULL && g_str_equal (last->state, text);
}

static void
read_event (HbEntityHistory *self,
            HbJsonItem      *item)
{
  JsonObject *bus_event = member_object (hb_json_item_get_data (item), "bus_event");
  JsonObject *data = member_object (bus_event, "data");
  JsonObject *old_state, *new_state;
  const char *entity_id;
  gint64 fired;
  Record *record;

  if (data == NULL || !is_state_changed (bus_event))
    return;
  entity_id = json_object_get_string_member_with_default (data, "entity_id", NULL);
  if (entity_id == NULL)
    return;

  fired = parse_usec (json_object_get_string_member_with_default (bus_event, "time_fired",
                                                                  NULL));
  /* Every bus event says when it fired; one that does not is not the host's. */
  if (fired == NO_TIME)
    return;
  record = ensure_record (self, entity_id);
  /* A lane starts with the state its row had: simulated changes make up the old state's
   * last_changed, and a set_state (no event) is seen only there. */
  if (record->segments->len == 0)
    {
      JsonObject *baseline = g_hash_table_lookup (self->baselines, entity_id);

      if (baseline != NULL)
        {
          add_state_object (self, record, baseline, NO_TIME, FALSE);
          g_hash_table_remove (self->baselines, entity_id);
        }
    }
  old_state = member_object (data, "old_state");
  new_state = member_object (data, "new_state");

  if (old_state != NULL && !continues_last (record, old_state))
    add_state_object (self, record, old_state, NO_TIME, FALSE);
  if (new_state != NULL)
    add_state_object (self, record, new_state, fired, TRUE);
  else
    add_fact (self, record, fired, NULL, TRUE);

  record->last_activity = MAX (record->last_activity, fired);
  record->last_seq = ++self->seq;
}

/* Keeps each new row's state object as it is now (the row is updated in place later, with
 * another object): no parsing, so a 100,000-entity import costs a reference each. */
static void
read_entities (HbEntityHistory *self,
               guint            from,
               guint            n)
{
  for (guint i = from; i < from + n; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (self->entities, i);
      JsonObject *state = item != NULL ? hb_json_item_get_data (item) : NULL;
      /* The key lives in the object kept: no copy. */
      const char *entity_id = state != NULL
        ? json_object_get_string_member_with_default (state, "entity_id", NULL) : NULL;

      if (entity_id != NULL)
        g_hash_table_replace (self->baselines, (gpointer) entity_id, json_object_ref (state));
    }
}

static void
read_new_events (HbEntityHistory *self)
{
  guint n = g_list_model_get_n_items (self->events);

  for (; self->n_events_read < n; self->n_events_read++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (self->events, self->n_events_read);

      if (item != NULL)
        read_event (self, item);
    }
}

/* Starts over from what the model holds. */
static void
rebuild (HbEntityHistory *self)
{
  g_hash_table_remove_all (self->records);
  g_hash_table_remove_all (self->pool);
  g_hash_table_remove_all (self->baselines);
  self->n_events_read = 0;
  self->seq = 0;

  if (self->entities != NULL)
    read_entities (self, 0, g_list_model_get_n_items (self->entities));
  if (self->events != NULL)
    read_new_events (self);
}

static void
entities_changed_cb (GListModel      *model,
                     guint            position,
                     guint            removed,
                     guint            added,
                     HbEntityHistory *self)
{
  /* Emptied: a fresh host is coming, with rows of its own. A removed row otherwise is a
   * removed entity, which its event reports. */
  if (g_list_model_get_n_items (model) == 0)
    g_hash_table_remove_all (self->baselines);
  read_entities (self, position, added);
}

static void
events_changed_cb (GListModel      *model,
                   guint            position,
                   guint            removed,
                   guint            added,
                   HbEntityHistory *self)
{
  /* The events model only grows, except when a fresh host starts it over. */
  if (removed > 0 || position > self->n_events_read)
    rebuild (self);
  else
    read_new_events (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_model (HbEntityHistory  *self,
           GListModel      **field,
           GListModel       *model,
           GCallback         callback)
{
  if (*field != NULL)
    g_signal_handlers_disconnect_by_func (*field, callback, self);
  g_set_object (field, model);
  if (model != NULL)
    g_signal_connect (model, "items-changed", callback, self);
}

static void
hb_entity_history_dispose (GObject *object)
{
  HbEntityHistory *self = HB_ENTITY_HISTORY (object);

  set_model (self, &self->entities, NULL, G_CALLBACK (entities_changed_cb));
  set_model (self, &self->events, NULL, G_CALLBACK (events_changed_cb));

  G_OBJECT_CLASS (hb_entity_history_parent_class)->dispose (object);
}

static void
hb_entity_history_finalize (GObject *object)
{
  HbEntityHistory *self = HB_ENTITY_HISTORY (object);

  g_clear_pointer (&self->records, g_hash_table_unref);
  g_clear_pointer (&self->pool, g_hash_table_unref);
  g_clear_pointer (&self->baselines, g_hash_table_unref);

  G_OBJECT_CLASS (hb_entity_history_parent_class)->finalize (object);
}

static void
hb_entity_history_class_init (HbEntityHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_entity_history_dispose;
  object_class->finalize = hb_entity_history_finalize;

  /* The history changed: lanes to redraw. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hb_entity_history_init (HbEntityHistory *self)
{
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, record_free);
  self->pool = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->baselines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) json_object_unref);
}

HbEntityHistory *
hb_entity_history_new (void)
{
  return g_object_new (HB_TYPE_ENTITY_HISTORY, NULL);
}

void
hb_entity_history_set_models (HbEntityHistory *self,
                              GListModel      *entities,
                              GListModel      *events)
{
  g_return_if_fail (HB_IS_ENTITY_HISTORY (self));
  g_return_if_fail (entities == NULL || G_IS_LIST_MODEL (entities));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  set_model (self, &self->entities, entities, G_CALLBACK (entities_changed_cb));
  set_model (self, &self->events, events, G_CALLBACK (events_changed_cb));
  rebuild (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
hb_entity_history_get_n_changed (HbEntityHistory *self)
{
  g_return_val_if_fail (HB_IS_ENTITY_HISTORY (self), 0);

  return g_hash_table_size (self->records);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  const Record *ra = *(Record **) a, *rb = *(Record **) b;

  if (ra->last_activity != rb->last_activity)
    return ra->last_activity > rb->last_activity ? -1 : 1;
  return ra->last_seq > rb->last_seq ? -1 : ra->last_seq < rb->last_seq;
}

GPtrArray *
hb_entity_history_dup_recent (HbEntityHistory *self,
                              guint            max)
{
  g_autoptr(GPtrArray) changed = NULL;
  GPtrArray *ids;
  GHashTableIter iter;
  Record *record;

  g_return_val_if_fail (HB_IS_ENTITY_HISTORY (self), NULL);

  changed = g_ptr_array_sized_new (g_hash_table_size (self->records));
  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &record))
    g_ptr_array_add (changed, record);
  g_ptr_array_sort (changed, compare_recent);

  ids = g_ptr_array_sized_new (MIN (max, changed->len));
  for (guint i = 0; i < changed->len && i < max; i++)
    g_ptr_array_add (ids, ((Record *) g_ptr_array_index (changed, i))->entity_id);
  return ids;
}

const HbStateSegment *
hb_entity_history_get_segments (HbEntityHistory *self,
                                const char      *entity_id,
                                guint           *n_segments)
{
  Record *record;

  g_return_val_if_fail (HB_IS_ENTITY_HISTORY (self), NULL);
  g_return_val_if_fail (n_segments != NULL, NULL);

  record = entity_id != NULL ? g_hash_table_lookup (self->records, entity_id) : NULL;
  *n_segments = record != NULL ? record->segments->len : 0;
  return record != NULL && record->segments->len > 0
         ? &g_array_index (record->segments, HbStateSegment, 0) : NULL;
}

int
hb_entity_history_find (HbEntityHistory *self,
                        const char      *entity_id,
                        gint64           usec)
{
  Record *record;
  guint i;

  g_return_val_if_fail (HB_IS_ENTITY_HISTORY (self), -1);

  record = entity_id != NULL ? g_hash_table_lookup (self->records, entity_id) : NULL;
  if (record == NULL)
    return -1;
  /* The last segment that starts at or before @usec. */
  i = lower_bound (record->segments, usec == G_MAXINT64 ? usec : usec + 1);
  return (int) i - 1;
}

gboolean
hb_entity_history_is_numeric (HbEntityHistory *self,
                              const char      *entity_id,
                              double          *min,
                              double          *max)
{
  Record *record;

  g_return_val_if_fail (HB_IS_ENTITY_HISTORY (self), FALSE);

  record = entity_id != NULL ? g_hash_table_lookup (self->records, entity_id) : NULL;
  if (record == NULL || record->n_text > 0 || record->min > record->max)
    return FALSE;
  if (min != NULL)
    *min = record->min;
  if (max != NULL)
    *max = record->max;
  return TRUE;
}

const char *
hb_entity_history_get_unit (HbEntityHistory *self,
                            const char      *entity_id)
{
  Record *record;

  g_return_val_if_fail (HB_IS_ENTITY_HISTORY (self), NULL);

  record = entity_id != NULL ? g_hash_table_lookup (self->records, entity_id) : NULL;
  return record != NULL ? record->unit : NULL;
}

int
hb_entity_history_state_rank (HbEntityHistory *self,
                              const char      *entity_id,
                              const char      *state)
{
  Record *record;
  const char *pooled;
  guint index;

  g_return_val_if_fail (HB_IS_ENTITY_HISTORY (self), -1);

  record = entity_id != NULL ? g_hash_table_lookup (self->records, entity_id) : NULL;
  pooled = state != NULL ? g_hash_table_lookup (self->pool, state) : NULL;
  if (record == NULL || pooled == NULL ||
      !g_ptr_array_find (record->seen, pooled, &index))
    return -1;
  return (int) index;
}
