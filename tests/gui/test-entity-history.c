/* test-entity-history.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HbEntityHistory, fed by stand-in models (GListStores of HbJsonItem shaped as the
 * session's entities and events models): segments at the right instants, lanes starting
 * with the state the entities model had, only the new rows read, a fresh start when the
 * models are cleared, and the most recently changed entities first.
 */

#include "config.h"

#include <math.h>

#include "hb-entity-history.h"
#include "hb-json-item.h"

#define T0 "2024-06-01T07:00:00+00:00"
#define USEC_T0 G_GINT64_CONSTANT (1717225200000000)
#define SEC G_GINT64_CONSTANT (1000000)

/* A GListModel over a GListStore that counts the rows read from it. */
#define TEST_TYPE_COUNTING_MODEL (test_counting_model_get_type ())
G_DECLARE_FINAL_TYPE (TestCountingModel, test_counting_model, TEST, COUNTING_MODEL, GObject)

struct _TestCountingModel
{
  GObject     parent_instance;
  GListStore *store;
  guint       n_read;
};

static GType
counting_get_item_type (GListModel *model)
{
  return HB_TYPE_JSON_ITEM;
}

static guint
counting_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (TEST_COUNTING_MODEL (model)->store));
}

static gpointer
counting_get_item (GListModel *model,
                   guint       position)
{
  TestCountingModel *self = TEST_COUNTING_MODEL (model);

  self->n_read++;
  return g_list_model_get_item (G_LIST_MODEL (self->store), position);
}

static void
counting_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = counting_get_item_type;
  iface->get_n_items = counting_get_n_items;
  iface->get_item = counting_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestCountingModel, test_counting_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      counting_model_iface_init))

static void
test_counting_model_finalize (GObject *object)
{
  g_clear_object (&TEST_COUNTING_MODEL (object)->store);
  G_OBJECT_CLASS (test_counting_model_parent_class)->finalize (object);
}

static void
test_counting_model_class_init (TestCountingModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_counting_model_finalize;
}

static void
store_changed_cb (GListModel *store,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *self)
{
  g_list_model_items_changed (self, position, removed, added);
}

static void
test_counting_model_init (TestCountingModel *self)
{
  self->store = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (store_changed_cb), self, 0);
}

/* Rows *******************************************************************************/

static char *
iso_at (int seconds)
{
  g_autoptr(GDateTime) t0 = g_date_time_new_from_iso8601 (T0, NULL);
  g_autoptr(GDateTime) t = g_date_time_add_seconds (t0, seconds);

  return g_date_time_format_iso8601 (t);
}

static JsonObject *
state_object (const char *entity_id,
              const char *state,
              int         since,
              const char *unit)
{
  JsonObject *object = json_object_new ();
  JsonObject *attributes = json_object_new ();
  g_autofree char *iso = iso_at (since);

  json_object_set_string_member (object, "entity_id", entity_id);
  json_object_set_string_member (object, "state", state);
  if (unit != NULL)
    json_object_set_string_member (attributes, "unit_of_measurement", unit);
  json_object_set_object_member (object, "attributes", attributes);
  json_object_set_string_member (object, "last_changed", iso);
  json_object_set_string_member (object, "last_updated", iso);
  return object;
}

/* A row of the entities model: keyed by entity_id, as the session's keyed pane. */
static HbJsonItem *
entity_row (const char *entity_id,
            const char *state,
            int         since)
{
  g_autoptr(JsonObject) object = state_object (entity_id, state, since, NULL);

  return hb_json_item_new (entity_id, object);
}

/* A dispatched state_changed event, as the session's events model holds it. @old_state
 * NULL: a new entity; @new_state NULL: a removed one. */
static HbJsonItem *
event_row_full (const char *entity_id,
                const char *old_state,
                int         old_since,
                const char *new_state,
                int         at,
                const char *unit)
{
  g_autoptr(JsonObject) row = json_object_new ();
  JsonObject *bus_event = json_object_new ();
  JsonObject *data = json_object_new ();
  g_autofree char *fired = iso_at (at);

  json_object_set_string_member (data, "entity_id", entity_id);
  if (old_state != NULL)
    json_object_set_object_member (data, "old_state",
                                   state_object (entity_id, old_state, old_since, unit));
  else
    json_object_set_null_member (data, "old_state");
  if (new_state != NULL)
    json_object_set_object_member (data, "new_state",
                                   state_object (entity_id, new_state, at, unit));
  else
    json_object_set_null_member (data, "new_state");

  json_object_set_string_member (bus_event, "topic", "hass.event.state_changed");
  json_object_set_string_member (bus_event, "event_type", "state_changed");
  json_object_set_object_member (bus_event, "data", data);
  json_object_set_string_member (bus_event, "time_fired", fired);
  json_object_set_string_member (bus_event, "origin", "LOCAL");
  json_object_set_object_member (row, "bus_event", bus_event);
  json_object_set_object_member (row, "report", json_object_new ());
  json_object_set_int_member (row, "step", 0);
  return hb_json_item_new (NULL, row);
}

static HbJsonItem *
event_row (const char *entity_id,
           const char *old_state,
           int         old_since,
           const char *new_state,
           int         at)
{
  return event_row_full (entity_id, old_state, old_since, new_state, at, NULL);
}

/* A state_changed event with the times as given, in any ISO 8601 form. */
static HbJsonItem *
event_row_at (const char *entity_id,
              const char *state,
              const char *fired,
              const char *last_changed)
{
  g_autoptr(HbJsonItem) row = event_row (entity_id, NULL, 0, state, 0);
  JsonObject *bus_event = json_object_get_object_member (hb_json_item_get_data (row),
                                                         "bus_event");
  JsonObject *new_state = json_object_get_object_member (json_object_get_object_member (bus_event,
                                                                                        "data"),
                                                         "new_state");

  json_object_set_string_member (bus_event, "time_fired", fired);
  if (last_changed != NULL)
    json_object_set_string_member (new_state, "last_changed", last_changed);
  else
    json_object_remove_member (new_state, "last_changed");
  return g_steal_pointer (&row);
}

static HbJsonItem *
other_event_row (int at)
{
  g_autoptr(JsonObject) row = json_object_new ();
  JsonObject *bus_event = json_object_new ();
  JsonObject *data = json_object_new ();
  g_autofree char *fired = iso_at (at);

  json_object_set_string_member (data, "entity_id", "light.hallway");
  json_object_set_string_member (bus_event, "event_type", "call_service");
  json_object_set_object_member (bus_event, "data", data);
  json_object_set_string_member (bus_event, "time_fired", fired);
  json_object_set_object_member (row, "bus_event", bus_event);
  return hb_json_item_new (NULL, row);
}

/* Appends the rows in one change, as the session appends a batch. */
static void
append (GListStore *store,
        ...)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;
  HbJsonItem *row;

  va_start (args, store);
  while ((row = va_arg (args, HbJsonItem *)) != NULL)
    g_ptr_array_add (rows, row);
  va_end (args);
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                       rows->pdata, rows->len);
}

/* "state@seconds state@seconds ..." (NULL states as "-"), for one-line asserts. */
static char *
describe (HbEntityHistory *history,
          const char      *entity_id)
{
  guint n;
  const HbStateSegment *segments = hb_entity_history_get_segments (history, entity_id, &n);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s@%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            segments[i].state != NULL ? segments[i].state : "-",
                            (segments[i].start - USEC_T0) / SEC);
  return g_string_free (text, FALSE);
}

static void
count_cb (HbEntityHistory *history,
          guint           *count)
{
  (*count)++;
}

/* Tests ******************************************************************************/

static void
test_initial_and_changes (void)
{
  g_autoptr(GListStore) events = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(HbEntityHistory) history = hb_entity_history_new ();
  g_autofree char *light = NULL;
  g_autofree char *motion = NULL;
  guint n_changed_signals = 0;

  hb_entity_history_set_models (history, NULL, G_LIST_MODEL (events));
  g_signal_connect (history, "changed", G_CALLBACK (count_cb), &n_changed_signals);
  g_assert_cmpuint (hb_entity_history_get_n_changed (history), ==, 0);

  append (events, event_row ("binary_sensor.hallway_motion", "off", -60, "on", 10),
          other_event_row (10),
          event_row ("light.hallway", "off", -3600, "on", 10), NULL);
  append (events, event_row ("binary_sensor.hallway_motion", "on", 10, "off", 70), NULL);
  append (events, event_row ("light.hallway", "on", 10, "off", 370), NULL);
  g_assert_cmpuint (n_changed_signals, ==, 3);
  g_assert_cmpuint (hb_entity_history_get_n_changed (history), ==, 2);

  /* Each lane starts with the state before its first change, since it last changed. */
  light = describe (history, "light.hallway");
  g_assert_cmpstr (light, ==, "off@-3600 on@10 off@370");
  motion = describe (history, "binary_sensor.hallway_motion");
  g_assert_cmpstr (motion, ==, "off@-60 on@10 off@70");

  /* The segment holding an instant; before the first one, none. */
  g_assert_cmpint (hb_entity_history_find (history, "light.hallway", USEC_T0 + 9 * SEC), ==, 0);
  g_assert_cmpint (hb_entity_history_find (history, "light.hallway", USEC_T0 + 10 * SEC), ==, 1);
  g_assert_cmpint (hb_entity_history_find (history, "light.hallway", USEC_T0 + 369 * SEC), ==, 1);
  g_assert_cmpint (hb_entity_history_find (history, "light.hallway", USEC_T0 + 9999 * SEC), ==, 2);
  g_assert_cmpint (hb_entity_history_find (history, "light.hallway", USEC_T0 - 4000 * SEC), ==, -1);
  g_assert_cmpint (hb_entity_history_find (history, "light.unknown", USEC_T0), ==, -1);

  g_assert_false (hb_entity_history_is_numeric (history, "light.hallway", NULL, NULL));

  /* Each state of a lane has its rank (its colour), in the order the entity first had it. */
  g_assert_cmpint (hb_entity_history_state_rank (history, "light.hallway", "off"), ==, 0);
  g_assert_cmpint (hb_entity_history_state_rank (history, "light.hallway", "on"), ==, 1);
  g_assert_cmpint (hb_entity_history_state_rank (history, "light.hallway", "dim"), ==, -1);
  g_assert_cmpint (hb_entity_history_state_rank (history, "sun.sun", "off"), ==, -1);
}

static void
test_created_removed_unchanged (void)
{
  g_autoptr(GListStore) events = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(HbEntityHistory) history = hb_entity_history_new ();
  g_autofree char *after = NULL;
  g_autofree char *created = NULL;

  hb_entity_history_set_models (history, NULL, G_LIST_MODEL (events));
  append (events, event_row ("switch.pump", "off", 0, "on", 30), NULL);
  after = describe (history, "switch.pump");
  g_assert_cmpstr (after, ==, "off@0 on@30");

  /* Created and changed at the same instant: the last word wins. Removed: a gap. */
  append (events, event_row ("input_boolean.guest", NULL, 0, "off", 40),
          event_row ("input_boolean.guest", "off", 40, "on", 40),
          event_row ("input_boolean.guest", "on", 40, NULL, 50), NULL);
  created = describe (history, "input_boolean.guest");
  g_assert_cmpstr (created, ==, "on@40 -@50");

  /* An attribute-only change keeps the segment. */
  append (events, event_row ("switch.pump", "on", 30, "on", 60), NULL);
  g_clear_pointer (&after, g_free);
  after = describe (history, "switch.pump");
  g_assert_cmpstr (after, ==, "off@0 on@30");
}

static void
test_reads_only_new_rows (void)
{
  g_autoptr(TestCountingModel) events = g_object_new (TEST_TYPE_COUNTING_MODEL, NULL);
  g_autoptr(HbEntityHistory) history = hb_entity_history_new ();

  for (int i = 0; i < 500; i++)
    append (events->store, event_row ("light.lamp", i % 2 ? "on" : "off", i,
                                      i % 2 ? "off" : "on", i + 1), NULL);
  hb_entity_history_set_models (history, NULL, G_LIST_MODEL (events));
  g_assert_cmpuint (events->n_read, ==, 500);

  events->n_read = 0;
  for (int i = 500; i < 600; i++)
    append (events->store, event_row ("light.lamp", i % 2 ? "on" : "off", i,
                                      i % 2 ? "off" : "on", i + 1), NULL);
  g_assert_cmpuint (events->n_read, ==, 100);

  /* Reading the history reads no row. */
  events->n_read = 0;
  g_assert_cmpint (hb_entity_history_find (history, "light.lamp", USEC_T0 + 300 * SEC), ==, 300);
  g_assert_cmpuint (hb_entity_history_get_n_changed (history), ==, 1);
  g_assert_cmpuint (events->n_read, ==, 0);

  {
    guint n;
    const HbStateSegment *segments = hb_entity_history_get_segments (history, "light.lamp", &n);

    g_assert_cmpuint (n, ==, 601);
    g_assert_cmpstr (segments[0].state, ==, "off");
    g_assert_cmpint (segments[600].start, ==, USEC_T0 + 600 * SEC);
    g_assert_cmpstr (segments[600].state, ==, "off");
  }
}

static void
test_cleared_models_start_over (void)
{
  g_autoptr(GListStore) events = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(HbEntityHistory) history = hb_entity_history_new ();
  g_autofree char *replayed = NULL;
  guint n;

  hb_entity_history_set_models (history, NULL, G_LIST_MODEL (events));
  append (events, event_row ("light.hallway", "off", 0, "on", 10),
          event_row ("light.hallway", "on", 10, "off", 20),
          event_row ("switch.pump", "off", 0, "on", 30), NULL);
  g_assert_cmpuint (hb_entity_history_get_n_changed (history), ==, 2);

  /* A replay: the session clears its models, then a fresh host fills them again, here
   * with fewer steps applied. */
  g_list_store_remove_all (events);
  g_assert_cmpuint (hb_entity_history_get_n_changed (history), ==, 0);
  g_assert_null (hb_entity_history_get_segments (history, "light.hallway", &n));
  g_assert_cmpuint (n, ==, 0);

  append (events, event_row ("light.hallway", "off", 0, "on", 15), NULL);
  replayed = describe (history, "light.hallway");
  g_assert_cmpstr (replayed, ==, "off@0 on@15");
  g_assert_cmpuint (hb_entity_history_get_n_changed (history), ==, 1);
  g_assert_null (hb_entity_history_get_segments (history, "switch.pump", &n));

  /* A model set while already holding rows: read from what it holds. */
  {
    g_autoptr(HbEntityHistory) late = hb_entity_history_new ();
    g_autofree char *text = NULL;

    hb_entity_history_set_models (late, NULL, G_LIST_MODEL (events));
    text = describe (late, "light.hallway");
    g_assert_cmpstr (text, ==, "off@0 on@15");
  }
}

static void
test_most_recent_first (void)
{
  g_autoptr(GListStore) events = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(HbEntityHistory) history = hb_entity_history_new ();
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GPtrArray) top = NULL;

  hb_entity_history_set_models (history, NULL, G_LIST_MODEL (events));
  append (events, event_row ("light.a", "off", 0, "on", 10),
          event_row ("light.b", "off", 0, "on", 20),
          event_row ("light.c", "off", 0, "on", 20),
          event_row ("light.d", "off", 0, "on", 5),
          event_row ("light.a", "on", 10, "off", 30), NULL);

  recent = hb_entity_history_dup_recent (history, 10);
  g_assert_cmpuint (recent->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (recent, 0), ==, "light.a");
  /* Same instant: the later event first. */
  g_assert_cmpstr (g_ptr_array_index (recent, 1), ==, "light.c");
  g_assert_cmpstr (g_ptr_array_index (recent, 2), ==, "light.b");
  g_assert_cmpstr (g_ptr_array_index (recent, 3), ==, "light.d");

  top = hb_entity_history_dup_recent (history, 2);
  g_assert_cmpuint (top->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (top, 1), ==, "light.c");
}

static void
test_numeric (void)
{
  g_autoptr(GListStore) events = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(HbEntityHistory) history = hb_entity_history_new ();
  double min = 0, max = 0;
  guint n;
  const HbStateSegment *segments;

  hb_entity_history_set_models (history, NULL, G_LIST_MODEL (events));
  append (events, event_row_full ("sensor.temp", "21.5", 0, "unavailable", 10, "°C"),
          event_row_full ("sensor.temp", "unavailable", 10, "19", 20, "°C"),
          event_row_full ("sensor.temp", "19", 20, "24.25", 30, "°C"),
          event_row ("sensor.mode", "eco", 0, "12", 10), NULL);

  g_assert_true (hb_entity_history_is_numeric (history, "sensor.temp", &min, &max));
  g_assert_cmpfloat (min, ==, 19);
  g_assert_cmpfloat (max, ==, 24.25);
  g_assert_cmpstr (hb_entity_history_get_unit (history, "sensor.temp"), ==, "°C");
  segments = hb_entity_history_get_segments (history, "sensor.temp", &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_true (isnan (segments[1].value));
  g_assert_cmpfloat (segments[3].value, ==, 24.25);

  /* One state that is not a number: a lane of text. */
  g_assert_false (hb_entity_history_is_numeric (history, "sensor.mode", NULL, NULL));
  g_assert_null (hb_entity_history_get_unit (history, "sensor.mode"));
}

/* A long session, appended in batches as the session appends them: each batch costs its
 * own rows (the whole stays linear), and the history stays one segment per change. */
static void
test_long_session (void)
{
  g_autoptr(GListStore) events = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(HbEntityHistory) history = hb_entity_history_new ();
  guint n_events = g_test_slow () ? 1000000 : 20000;
  guint n;

  hb_entity_history_set_models (history, NULL, G_LIST_MODEL (events));
  for (guint first = 0; first < n_events; first += 256)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = first; i < first + 256 && i < n_events; i++)
        {
          g_autofree char *entity_id = g_strdup_printf ("light.l%u", i % 20);
          guint k = i / 20;

          g_ptr_array_add (batch, event_row (entity_id, k % 2 ? "on" : "off", (int) k,
                                             k % 2 ? "off" : "on", (int) k + 1));
        }
      g_list_store_splice (events, g_list_model_get_n_items (G_LIST_MODEL (events)), 0,
                           batch->pdata, batch->len);
    }

  g_assert_cmpuint (hb_entity_history_get_n_changed (history), ==, 20);
  g_assert_nonnull (hb_entity_history_get_segments (history, "light.l7", &n));
  g_assert_cmpuint (n, ==, n_events / 20 + 1);
  g_assert_cmpint (hb_entity_history_find (history, "light.l7", USEC_T0 + 1000 * SEC), ==, 1000);
}

/* Times in the host's shape and in others: offsets, fractions, "Z", a space; a state without
 * last_changed dates from its event; an event without time_fired is not read. */
static void
test_time_forms (void)
{
  g_autoptr(GListStore) events = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(HbEntityHistory) history = hb_entity_history_new ();
  g_autofree char *text = NULL;
  guint n;

  hb_entity_history_set_models (history, NULL, G_LIST_MODEL (events));
  append (events,
          event_row_at ("input_select.a", "s1", T0, "2024-06-01T09:00:00.25+02:00"),
          event_row_at ("input_select.a", "s2", T0, "2024-06-01T07:00:01Z"),
          event_row_at ("input_select.a", "s3", T0, "2024-06-01 06:30:02-00:30"),
          event_row_at ("input_select.a", "s4", T0, "2024-06-01T07:00:03.123456789+00:00"),
          event_row_at ("input_select.a", "s5", "2024-06-01T07:00:04+00:00", NULL),
          event_row_at ("input_select.a", "s6", "2024-06-01T07:00:05+00:00", "not a time"),
          event_row_at ("input_select.a", "s7", "2024-06-01T07:00:06+0000", NULL),
          event_row_at ("input_select.a", "s8", "2024-02-29T07:00:07+00:00", NULL),
          event_row_at ("input_select.b", "s1", "", NULL), NULL);

  {
    const HbStateSegment *segments = hb_entity_history_get_segments (history, "input_select.a",
                                                                     &n);

    g_assert_cmpuint (n, ==, 8);
    g_assert_cmpint (segments[0].start, ==, USEC_T0 - 93 * 86400 * SEC + 7 * SEC);
    g_assert_cmpstr (segments[0].state, ==, "s8");
    g_assert_cmpint (segments[1].start, ==, USEC_T0 + 250000);
    g_assert_cmpint (segments[4].start, ==, USEC_T0 + 3 * SEC + 123456);
  }
  text = describe (history, "input_select.a");
  g_assert_cmpstr (text, ==, "s8@-8035193 s1@0 s2@1 s3@2 s4@3 s5@4 s6@5 s7@6");
  g_assert_null (hb_entity_history_get_segments (history, "input_select.b", &n));
  g_assert_cmpuint (hb_entity_history_get_n_changed (history), ==, 1);
}

/* The harness's simulated changes make up the old state's last_changed (the instant of
 * the change): the lane starts with the state the entity's row had when it was added. */
static void
test_baseline_from_entities (void)
{
  g_autoptr(TestCountingModel) entities = g_object_new (TEST_TYPE_COUNTING_MODEL, NULL);
  g_autoptr(GListStore) events = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(HbEntityHistory) history = hb_entity_history_new ();
  g_autoptr(HbJsonItem) kitchen = entity_row ("light.kitchen", "off", -600);
  g_autofree char *hallway = NULL;
  g_autofree char *kitchen_text = NULL;
  g_autofree char *porch = NULL;

  append (entities->store, entity_row ("light.hallway", "off", -3600),
          g_object_ref (kitchen), entity_row ("light.porch", "on", -60), NULL);
  hb_entity_history_set_models (history, G_LIST_MODEL (entities), G_LIST_MODEL (events));
  g_assert_cmpuint (entities->n_read, ==, 3);
  g_assert_cmpuint (hb_entity_history_get_n_changed (history), ==, 0);

  /* Updated in place later (the session's keyed pane): the lane still starts with the
   * state the row was added with. */
  {
    g_autoptr(JsonObject) on = state_object ("light.kitchen", "on", -300, NULL);

    hb_json_item_set_data (kitchen, on);
  }

  append (events, event_row ("light.hallway", "off", 10, "on", 10),
          event_row ("light.kitchen", "on", 20, "off", 20), NULL);
  hallway = describe (history, "light.hallway");
  g_assert_cmpstr (hallway, ==, "off@-3600 on@10");
  kitchen_text = describe (history, "light.kitchen");
  /* Its change to "on" came without an event (a set_state): no lane knows when. */
  g_assert_cmpstr (kitchen_text, ==, "off@-600");
  /* An entity that never changed has no lane. */
  g_assert_null (hb_entity_history_get_segments (history, "light.porch", &(guint) { 0 }));

  /* A replay: both models emptied, then refilled; the new rows are the baselines. */
  g_list_store_remove_all (entities->store);
  g_list_store_remove_all (events);
  append (entities->store, entity_row ("light.porch", "unavailable", -30), NULL);
  append (events, event_row ("light.porch", "off", 5, "on", 5), NULL);
  porch = describe (history, "light.porch");
  g_assert_cmpstr (porch, ==, "unavailable@-30 on@5");
  g_assert_null (hb_entity_history_get_segments (history, "light.hallway", &(guint) { 0 }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hassbench/entity-history/initial-and-changes", test_initial_and_changes);
  g_test_add_func ("/hassbench/entity-history/created-removed-unchanged",
                   test_created_removed_unchanged);
  g_test_add_func ("/hassbench/entity-history/reads-only-new-rows", test_reads_only_new_rows);
  g_test_add_func ("/hassbench/entity-history/cleared-models-start-over",
                   test_cleared_models_start_over);
  g_test_add_func ("/hassbench/entity-history/most-recent-first", test_most_recent_first);
  g_test_add_func ("/hassbench/entity-history/numeric", test_numeric);
  g_test_add_func ("/hassbench/entity-history/long-session", test_long_session);
  g_test_add_func ("/hassbench/entity-history/time-forms", test_time_forms);
  g_test_add_func ("/hassbench/entity-history/baseline-from-entities",
                   test_baseline_from_entities);

  return g_test_run ();
}
