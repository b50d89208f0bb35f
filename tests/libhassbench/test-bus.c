/* test-bus.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <hassbench.h>

/* 2024-06-01T07:00:00Z */
#define T0_USEC (G_GINT64_CONSTANT (1717225200) * HB_USEC_PER_SECOND)
#define T0      "2024-06-01T07:00:00+00:00"

typedef struct {
  char    *listener;
  HbEvent *event;
} Call;

typedef struct {
  HbClock      *clock;
  HbTaskBucket *bucket;
  HbStates     *states;
  HbBus        *bus;
  GPtrArray    *calls;      /* Call */
  GPtrArray    *held;       /* HbTask, runs held by handlers while hold is set */
  GPtrArray    *failures;   /* "task name: message", from the exception recorder */
  GPtrArray    *reports;    /* JsonObject, from ::dispatched */
  GPtrArray    *errors;     /* "listener: message", from ::listener-error */
  guint         n_error_handler;
  gboolean      hold;
} Fixture;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->listener);
  g_clear_object (&call->event);
  g_free (call);
}

static void
record_failure (HbTask       *task,
                const GError *error,
                gpointer      user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->failures, g_strdup_printf ("%s: %s", hb_task_get_name (task),
                                                 error->message));
}

static void
dispatched_cb (HbBus      *bus,
               HbEvent    *event,
               JsonObject *report,
               Fixture    *f)
{
  g_ptr_array_add (f->reports, json_object_ref (report));
}

static void
listener_error_cb (HbBus      *bus,
                   HbListener *listener,
                   HbEvent    *event,
                   GError     *error,
                   Fixture    *f)
{
  g_ptr_array_add (f->errors, g_strdup_printf ("%s: %s", hb_listener_get_name (listener),
                                               error->message));
}

static void
error_handler (HbListener   *listener,
               HbEvent      *event,
               const GError *error,
               gpointer      user_data)
{
  Fixture *f = user_data;

  /* runs before ::listener-error */
  g_assert_cmpuint (f->errors->len, ==, f->n_error_handler);
  f->n_error_handler++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->clock = hb_clock_new (NULL, NULL);
  hb_clock_set_usec (f->clock, T0_USEC, &error);
  g_assert_no_error (error);
  f->bucket = hb_task_bucket_new (f->clock, NULL);
  f->states = hb_states_new ();
  f->bus = hb_bus_new (f->clock, f->bucket, f->states, "TestApp.0");

  f->calls = g_ptr_array_new_with_free_func (call_free);
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->failures = g_ptr_array_new_with_free_func (g_free);
  f->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  f->errors = g_ptr_array_new_with_free_func (g_free);

  hb_task_bucket_add_exception_recorder (f->bucket, record_failure, f, NULL);
  g_signal_connect (f->bus, "dispatched", G_CALLBACK (dispatched_cb), f);
  g_signal_connect (f->bus, "listener-error", G_CALLBACK (listener_error_cb), f);
  hb_bus_set_error_handler (f->bus, error_handler, f, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->bus);
  hb_task_bucket_cancel_all (f->bucket, NULL);
  g_clear_object (&f->bucket);
  g_clear_object (&f->states);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->calls, g_ptr_array_unref);
  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_pointer (&f->failures, g_ptr_array_unref);
  g_clear_pointer (&f->reports, g_ptr_array_unref);
  g_clear_pointer (&f->errors, g_ptr_array_unref);
}

static gboolean
record_handler (HbEvent  *event,
                HbTask   *task,
                gpointer  user_data,
                GError  **error)
{
  Fixture *f = user_data;
  Call *call = g_new0 (Call, 1);
  const char *name = hb_task_get_name (task);

  g_assert_true (g_str_has_prefix (name, "handler:"));
  call->listener = g_strdup (name + strlen ("handler:"));
  call->event = g_object_ref (event);
  g_ptr_array_add (f->calls, call);

  if (f->hold)
    {
      hb_task_hold (task, "the test");
      g_ptr_array_add (f->held, g_object_ref (task));
    }

  return TRUE;
}

static gboolean
failing_handler (HbEvent  *event,
                 HbTask   *task,
                 gpointer  user_data,
                 GError  **error)
{
  record_handler (event, task, user_data, error);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "handler broke");
  return FALSE;
}

/* Listeners made here are handed to the bus, which keeps its own reference. */
static HbListener *
with_handler (Fixture    *f,
              HbListener *listener)
{
  hb_listener_set_handler (listener, record_handler, f, NULL);
  return listener;
}

static HbListener *
add (Fixture    *f,
     HbListener *listener)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbListener) owned = listener;
  HbListener *added;

  added = hb_bus_add_listener (f->bus, listener, HB_IF_EXISTS_ERROR, &error);
  g_assert_no_error (error);
  g_assert_true (added == listener);
  g_assert_true (hb_listener_is_active (listener));

  return added;
}

static HbListener *
add_state (Fixture    *f,
           const char *name,
           const char *entity_id)
{
  return add (f, with_handler (f, hb_listener_new_state_change (name, entity_id)));
}

/* A state as Home Assistant sends it, or null for @state == NULL. */
static char *
state_json (const char *entity_id,
            const char *state,
            const char *attributes)
{
  if (state == NULL)
    return g_strdup ("null");

  return g_strdup_printf ("{\"entity_id\": \"%s\", \"state\": \"%s\", \"attributes\": %s, "
                          "\"last_changed\": \"" T0 "\", \"last_updated\": \"" T0 "\", "
                          "\"context\": {\"id\": \"c1\", \"parent_id\": null, "
                          "\"user_id\": null}}",
                          entity_id, state, attributes != NULL ? attributes : "{}");
}

static HbEvent *
state_event (const char *entity_id,
             const char *old_state,
             const char *old_attrs,
             const char *new_state,
             const char *new_attrs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_json = state_json (entity_id, old_state, old_attrs);
  g_autofree char *new_json = state_json (entity_id, new_state, new_attrs);
  g_autofree char *text = g_strdup_printf ("{\"entity_id\": \"%s\", \"old_state\": %s, "
                                           "\"new_state\": %s}",
                                           entity_id, old_json, new_json);
  g_autoptr(JsonObject) data = hb_json_object_from_string (text, &error);

  g_assert_no_error (error);
  return hb_event_new (HB_TOPIC_STATE_CHANGED, data, T0, "LOCAL", NULL);
}

static guint64
emit_attrs (Fixture    *f,
            const char *entity_id,
            const char *old_state,
            const char *old_attrs,
            const char *new_state,
            const char *new_attrs)
{
  g_autoptr(HbEvent) event = state_event (entity_id, old_state, old_attrs, new_state, new_attrs);

  return hb_bus_emit (f->bus, event);
}

static guint64
emit_state (Fixture    *f,
            const char *entity_id,
            const char *old_state,
            const char *new_state)
{
  return emit_attrs (f, entity_id, old_state, NULL, new_state, NULL);
}

static guint64
emit_data (Fixture    *f,
           const char *topic,
           const char *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = hb_json_object_from_string (data, &error);
  g_autoptr(HbEvent) event = NULL;

  g_assert_no_error (error);
  event = hb_event_new (topic, object, T0, "HASSETTE", NULL);
  return hb_bus_emit (f->bus, event);
}

static guint64
emit_service (Fixture    *f,
              const char *domain,
              const char *service,
              const char *service_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) sd = hb_json_object_from_string (service_data, &error);
  g_autoptr(HbEvent) event = NULL;

  g_assert_no_error (error);
  event = hb_event_new_call_service (domain, service, sd, T0, NULL);
  return hb_bus_emit (f->bus, event);
}

static void
run (Fixture *f)
{
  hb_task_bucket_run_pending (f->bucket);
}

/* Virtual time only: move the clock, fire what came due, run what that made runnable. */
static void
advance (Fixture *f,
         double   seconds)
{
  g_autoptr(GError) error = NULL;

  hb_clock_advance (f->clock, seconds, &error);
  g_assert_no_error (error);
  hb_clock_fire_due (f->clock);
  run (f);
}

static char *
call_names (Fixture *f)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < f->calls->len; i++)
    {
      Call *call = g_ptr_array_index (f->calls, i);

      if (i > 0)
        g_string_append_c (str, ',');
      g_string_append (str, call->listener);
    }

  return g_string_free (str, FALSE);
}

#define assert_calls(f, expected)                       \
  G_STMT_START {                                        \
    g_autofree char *_names = call_names (f);           \
    g_assert_cmpstr (_names, ==, expected);             \
  } G_STMT_END

static Call *
call_at (Fixture *f,
         guint    i)
{
  g_assert_cmpuint (i, <, f->calls->len);
  return g_ptr_array_index (f->calls, i);
}

static const char *
call_new_state (Fixture *f,
                guint    i)
{
  JsonNode *node = hb_event_read_value (call_at (f, i)->event, HB_VALUE_STATE_NEW, NULL);

  g_assert_nonnull (node);
  return json_node_get_string (node);
}

static JsonObject *
last_report (Fixture *f)
{
  g_assert_cmpuint (f->reports->len, >, 0);
  return g_ptr_array_index (f->reports, f->reports->len - 1);
}

/* The report's entries of @list as "name" or "name=reason", comma separated. */
static char *
report_list (JsonObject *report,
             const char *list)
{
  JsonArray *array = json_object_get_array_member (report, list);
  GString *str = g_string_new (NULL);

  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (i > 0)
        g_string_append_c (str, ',');
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *entry = json_node_get_object (node);

          g_string_append_printf (str, "%s=%s",
                                  json_object_get_string_member (entry, "listener"),
                                  json_object_get_string_member (entry, "reason"));
        }
      else
        {
          g_string_append (str, json_node_get_string (node));
        }
    }

  return g_string_free (str, FALSE);
}

#define assert_report(f, list, expected)                               \
  G_STMT_START {                                                       \
    g_autofree char *_text = report_list (last_report (f), list);      \
    g_assert_cmpstr (_text, ==, expected);                             \
  } G_STMT_END

static HbTask *
find_live_task (Fixture    *f,
                const char *name)
{
  g_autoptr(GPtrArray) live = hb_task_bucket_list_live (f->bucket);

  for (guint i = 0; i < live->len; i++)
    {
      HbTask *task = g_ptr_array_index (live, i);

      if (g_str_equal (hb_task_get_name (task), name))
        return g_object_ref (task);
    }

  return NULL;
}

static guint
count_live (Fixture    *f,
            const char *name)
{
  g_auto(GStrv) names = hb_task_bucket_list_live_names (f->bucket, NULL);
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      n++;

  return n;
}

static void
test_nothing_runs_inside_emit (Fixture       *f,
                               gconstpointer  data)
{
  HbListener *listener = add_state (f, "kitchen", "light.kitchen");
  guint64 seq;

  seq = emit_state (f, "light.kitchen", "off", "on");
  g_assert_cmpuint (seq, ==, 1);
  g_assert_cmpuint (hb_bus_get_n_events (f->bus), ==, 1);

  /* matched and spawned, but not run */
  g_assert_cmpuint (f->calls->len, ==, 0);
  g_assert_cmpuint (count_live (f, "handler:kitchen"), ==, 1);
  g_assert_cmpuint (hb_listener_get_n_runs (listener), ==, 1);
  assert_report (f, "ran", "kitchen");

  run (f);
  assert_calls (f, "kitchen");
  g_assert_cmpuint (hb_event_get_seq (call_at (f, 0)->event), ==, 1);
  g_assert_cmpstr (call_new_state (f, 0), ==, "on");
  g_assert_cmpstr (hb_listener_get_owner (listener), ==, "TestApp.0");
  g_assert_cmpuint (count_live (f, "handler:kitchen"), ==, 0);

  /* other entities do not reach it */
  g_assert_cmpuint (emit_state (f, "light.hall", "off", "on"), ==, 2);
  run (f);
  g_assert_cmpuint (f->calls->len, ==, 1);
  assert_report (f, "ran", "");
  assert_report (f, "filtered", "");
}

static void
test_changed_filter (Fixture       *f,
                     gconstpointer  data)
{
  HbListener *changed = add_state (f, "changed", "sensor.t");
  HbListener *any = with_handler (f, hb_listener_new_state_change ("any", "sensor.t"));

  hb_listener_set_changed (any, FALSE);
  add (f, any);

  /* attribute-only update: only changed=FALSE fires */
  emit_attrs (f, "sensor.t", "20", "{\"unit\": \"C\"}", "20", "{\"unit\": \"F\"}");
  assert_report (f, "ran", "any");
  assert_report (f, "filtered", "changed=changed: '20' did not change");
  run (f);
  assert_calls (f, "any");
  g_assert_cmpuint (hb_listener_get_n_filtered (changed), ==, 1);
  g_assert_cmpuint (hb_listener_get_n_filtered (any), ==, 0);

  /* a created entity is a change (MISSING counts as a value) */
  emit_state (f, "sensor.t", NULL, "20");
  assert_report (f, "ran", "changed,any");
  run (f);

  /* so is a removal */
  emit_state (f, "sensor.t", "20", NULL);
  assert_report (f, "ran", "changed,any");
  run (f);
  assert_calls (f, "any,changed,any,changed,any");
}

static void
test_changed_comparison (Fixture       *f,
                         gconstpointer  data)
{
  HbListener *up = with_handler (f, hb_listener_new_state_change ("up", "zone.home"));

  hb_listener_set_changed_comparison (up, hb_condition_increased ());
  add (f, up);

  emit_state (f, "zone.home", "1", "2");
  assert_report (f, "ran", "up");
  emit_state (f, "zone.home", "2", "1");
  assert_report (f, "filtered", "up=changed: '2' -> '1' is not increased");
  emit_state (f, "zone.home", "unknown", "3");
  assert_report (f, "filtered", "up=changed: 'unknown' -> '3' is not increased");
  run (f);
  assert_calls (f, "up");
}

static void
test_changed_from_to (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HbListener *on = with_handler (f, hb_listener_new_state_change ("on", "binary_sensor.door"));
  HbListener *from_off = with_handler (f, hb_listener_new_state_change ("from_off",
                                                                       "binary_sensor.door"));

  hb_listener_set_changed_to (on, hb_condition_equals_string ("on"));
  hb_listener_set_changed_from (from_off, hb_condition_glob ("of?", &error));
  g_assert_no_error (error);
  add (f, on);
  add (f, from_off);

  emit_state (f, "binary_sensor.door", "off", "on");
  run (f);
  assert_report (f, "ran", "on,from_off");

  emit_state (f, "binary_sensor.door", "on", "off");
  run (f);
  assert_report (f, "ran", "");
  assert_report (f, "filtered",
                 "on=changed_to: 'off' is not == 'on',"
                 "from_off=changed_from: 'on' is not glob 'of?'");

  /* from a null old state: changed_from sees MISSING */
  emit_state (f, "binary_sensor.door", NULL, "on");
  run (f);
  assert_report (f, "ran", "on");
  assert_report (f, "filtered", "from_off=changed_from: MISSING is not glob 'of?'");

  run (f);
  assert_calls (f, "on,from_off,on");
}

static gboolean
count_and_answer (HbEvent  *event,
                  gpointer  user_data,
                  GError  **error)
{
  guint *count = user_data;

  (*count)++;
  return *count % 2 == 1;
}

static void
test_where (Fixture       *f,
            gconstpointer  data)
{
  guint count = 0;
  HbListener *listener = with_handler (f, hb_listener_new_state_change ("w", "sensor.t"));

  hb_listener_add_where (listener, hb_predicate_new_func (count_and_answer, &count, NULL,
                                                         "odd call"));
  hb_listener_add_where (listener,
                         hb_predicate_attr_to ("unit", hb_condition_equals_string ("C")));
  add (f, listener);

  emit_attrs (f, "sensor.t", "1", NULL, "2", "{\"unit\": \"C\"}");
  assert_report (f, "ran", "w");
  emit_attrs (f, "sensor.t", "2", NULL, "3", "{\"unit\": \"C\"}");
  assert_report (f, "filtered", "w=where: odd call is false");
  emit_attrs (f, "sensor.t", "3", NULL, "4", "{\"unit\": \"F\"}");
  assert_report (f, "filtered", "w=where: attr_to unit == 'C' is false");

  /* where runs after the change filter: an unchanged state never reaches it */
  emit_state (f, "sensor.t", "4", "4");
  g_assert_cmpuint (count, ==, 3);

  run (f);
  assert_calls (f, "w");
}

static void
test_attribute_listener (Fixture       *f,
                         gconstpointer  data)
{
  HbListener *bright = add (f, with_handler (f, hb_listener_new_attribute_change ("bright",
                                                                                "light.k",
                                                                                "brightness")));
  HbListener *to_high = with_handler (f, hb_listener_new_attribute_change ("high", "light.k",
                                                                         "brightness"));

  hb_listener_set_changed_to (to_high, hb_condition_compare_number (HB_COMPARE_GE, 200));
  add (f, to_high);
  g_assert_cmpstr (hb_listener_get_attribute (bright), ==, "brightness");
  g_assert_cmpint (hb_listener_get_kind (bright), ==, HB_LISTENER_ATTRIBUTE_CHANGE);

  /* the state changes, the attribute does not */
  emit_attrs (f, "light.k", "off", "{\"brightness\": 10}", "on", "{\"brightness\": 10}");
  run (f);
  assert_report (f, "filtered",
                 "bright=changed: 10 did not change,high=changed: 10 did not change");

  emit_attrs (f, "light.k", "on", "{\"brightness\": 10}", "on", "{\"brightness\": 250}");
  run (f);
  assert_report (f, "ran", "bright,high");

  emit_attrs (f, "light.k", "on", "{\"brightness\": 250}", "on", "{\"brightness\": 100}");
  run (f);
  assert_report (f, "ran", "bright");
  assert_report (f, "filtered", "high=changed_to: 100 is not >= 200.0");

  /* attribute removed: MISSING counts as a value */
  emit_attrs (f, "light.k", "on", "{\"brightness\": 100}", "off", "{}");
  run (f);
  assert_report (f, "ran", "bright");

  /* new entity: "changed" means the attribute is present on the new state */
  emit_attrs (f, "light.k", NULL, NULL, "on", "{\"brightness\": 5}");
  run (f);
  assert_report (f, "ran", "bright");
  emit_attrs (f, "light.k", NULL, NULL, "on", "{\"color\": \"red\"}");
  run (f);
  assert_report (f, "filtered",
                 "bright=changed: attribute 'brightness' is missing on the new state,"
                 "high=changed: attribute 'brightness' is missing on the new state");

  run (f);
  assert_calls (f, "bright,high,bright,bright,bright");
}

static HbListener *
add_with_priority (Fixture    *f,
                   HbListener *listener,
                   int         priority)
{
  hb_listener_set_priority (listener, priority);
  hb_listener_set_mode (listener, HB_MODE_PARALLEL);
  return add (f, with_handler (f, listener));
}

static void
test_route_order_and_priority (Fixture       *f,
                               gconstpointer  data)
{
  /* registered in an order that matches no route order */
  add_with_priority (f, hb_listener_new_topic ("bare", HB_TOPIC_STATE_CHANGED), 100);
  add_with_priority (f, hb_listener_new_state_change ("suffix_glob", "*.kitchen"), 1);
  add_with_priority (f, hb_listener_new_state_change ("exact_low", "light.kitchen"), 0);
  add_with_priority (f, hb_listener_new_state_change ("domain_glob", "light.*"), 10);
  add_with_priority (f, hb_listener_new_topic ("topic_glob", "hass.event.state_*"), 3);
  add_with_priority (f, hb_listener_new_state_change ("exact_high", "light.kitchen"), 5);
  add_with_priority (f, hb_listener_new_state_change ("exact_low2", "light.kitchen"), 0);
  add_with_priority (f, hb_listener_new_state_change ("domain_low", "light.kit*"), -1);

  emit_state (f, "light.kitchen", "off", "on");
  assert_report (f, "ran",
                 "exact_high,exact_low,exact_low2,"
                 "domain_glob,topic_glob,suffix_glob,domain_low,"
                 "bare");
  run (f);
  /* handlers run in the order they were spawned */
  assert_calls (f, "exact_high,exact_low,exact_low2,domain_glob,topic_glob,suffix_glob,"
                   "domain_low,bare");

  g_ptr_array_set_size (f->calls, 0);
  emit_state (f, "switch.kitchen", "off", "on");
  assert_report (f, "ran", "topic_glob,suffix_glob,bare");
  run (f);
  assert_calls (f, "topic_glob,suffix_glob,bare");
}

static void
test_run_once_across_routes (Fixture       *f,
                             gconstpointer  data)
{
  HbListener *both = add (f, with_handler (f, hb_listener_new_topic ("both",
                                                                   "hass.event.state_changed*")));
  HbListener *exact_topic = add (f, with_handler (f, hb_listener_new_topic (
                                                       "exact_topic",
                                                       "hass.event.state_changed.light.kitchen")));

  /* "both" matches the entity route and the bare topic: it runs once */
  emit_state (f, "light.kitchen", "off", "on");
  assert_report (f, "ran", "exact_topic,both");
  run (f);
  assert_calls (f, "exact_topic,both");
  g_assert_cmpuint (hb_listener_get_n_runs (both), ==, 1);
  g_assert_cmpuint (hb_listener_get_n_runs (exact_topic), ==, 1);
}

static void
test_glob_routing (Fixture       *f,
                   gconstpointer  data)
{
  add_state (f, "lights", "light.*");
  add_state (f, "kitchen_lights", "light.kitchen_*");
  add_state (f, "any_kitchen", "*.kitchen");
  add_state (f, "sets", "[ls]*.[!x]*");

  emit_state (f, "light.kitchen_main", "off", "on");
  run (f);
  assert_report (f, "ran", "lights,kitchen_lights,sets");
  emit_state (f, "light.hall", "off", "on");
  run (f);
  assert_report (f, "ran", "lights,sets");
  emit_state (f, "switch.kitchen", "off", "on");
  run (f);
  assert_report (f, "ran", "any_kitchen,sets");
  emit_state (f, "sensor.xray", "off", "on");
  run (f);
  assert_report (f, "ran", "");
  emit_state (f, "lightbulb.kitchen", "off", "on");
  run (f);
  assert_report (f, "ran", "any_kitchen,sets");
}

static void
test_call_service (Fixture       *f,
                   gconstpointer  data)
{
  HbListener *listener = add (f, with_handler (f, hb_listener_new_call_service ("lights",
                                                                              "light",
                                                                              "turn_*")));
  HbListener *any = add (f, with_handler (f, hb_listener_new_call_service ("any", NULL, NULL)));
  HbListener *where = with_handler (f, hb_listener_new_call_service ("where", "light", NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) mapping = hb_json_object_from_string (
    "{\"entity_id\": \"light.living_room_*\"}", &error);

  g_assert_no_error (error);
  hb_listener_add_where (where, hb_predicate_service_data_where (mapping, TRUE, &error));
  g_assert_no_error (error);
  add (f, where);

  g_assert_cmpint (hb_listener_get_kind (listener), ==, HB_LISTENER_CALL_SERVICE);
  g_assert_cmpstr (hb_listener_get_topic (listener), ==, HB_TOPIC_CALL_SERVICE);
  g_assert_null (hb_listener_get_entity_id (any));

  emit_service (f, "light", "turn_on", "{\"entity_id\": \"light.living_room_lamp\"}");
  run (f);
  assert_report (f, "ran", "lights,any,where");

  emit_service (f, "switch", "turn_on", "{}");
  run (f);
  assert_report (f, "ran", "any");
  assert_report (f, "filtered",
                 "lights=domain: 'switch' is not == 'light',"
                 "where=domain: 'switch' is not == 'light'");

  emit_service (f, "light", "toggle", "{\"entity_id\": \"light.kitchen\"}");
  run (f);
  assert_report (f, "ran", "any");
  assert_report (f, "filtered",
                 "lights=service: 'toggle' is not glob 'turn_*',"
                 "where=where: service_data_where(entity_id glob 'light.living_room_*') is false");

  /* state events never reach call_service listeners */
  emit_state (f, "light.kitchen", "off", "on");
  run (f);
  assert_report (f, "filtered", "");
}

static void
test_topic_listeners (Fixture       *f,
                      gconstpointer  data)
{
  add (f, with_handler (f, hb_listener_new_service_status ("failed", "failed")));
  add (f, with_handler (f, hb_listener_new_component_loaded ("zha", "zha")));
  add (f, with_handler (f, hb_listener_new_websocket ("connected", TRUE)));
  add (f, with_handler (f, hb_listener_new_websocket ("disconnected", FALSE)));
  add (f, with_handler (f, hb_listener_new_app_state_changed ("app", "motion_lights",
                                                             "running")));
  add (f, with_handler (f, hb_listener_new_homeassistant ("restart", "restart")));
  add (f, with_handler (f, hb_listener_new_service_registered ("registered", "light", NULL)));
  add (f, with_handler (f, hb_listener_new_topic ("framework", "hassette.event.*")));
  add (f, with_handler (f, hb_listener_new_topic ("custom", "my_app.ping")));

  emit_data (f, HB_TOPIC_SERVICE_STATUS, "{\"resource_name\": \"X\", \"status\": \"failed\"}");
  run (f);
  assert_report (f, "ran", "framework,failed");
  emit_data (f, HB_TOPIC_SERVICE_STATUS, "{\"resource_name\": \"X\", \"status\": \"running\"}");
  run (f);
  assert_report (f, "ran", "framework");
  assert_report (f, "filtered", "failed=status: 'running' is not == 'failed'");

  emit_data (f, HB_TOPIC_COMPONENT_LOADED, "{\"component\": \"zha\"}");
  run (f);
  assert_report (f, "ran", "zha");
  emit_data (f, HB_TOPIC_COMPONENT_LOADED, "{}");
  run (f);
  assert_report (f, "filtered", "zha=component: MISSING is not == 'zha'");

  emit_data (f, HB_TOPIC_WEBSOCKET_CONNECTED, "{}");
  run (f);
  assert_report (f, "ran", "framework,connected");
  emit_data (f, HB_TOPIC_WEBSOCKET_DISCONNECTED, "{}");
  run (f);
  assert_report (f, "ran", "framework,disconnected");

  emit_data (f, HB_TOPIC_APP_STATE_CHANGED,
             "{\"app_key\": \"motion_lights\", \"status\": \"running\"}");
  run (f);
  assert_report (f, "ran", "framework,app");
  emit_data (f, HB_TOPIC_APP_STATE_CHANGED,
             "{\"app_key\": \"other_app\", \"status\": \"running\"}");
  run (f);
  assert_report (f, "filtered", "app=app_key: 'other_app' is not == 'motion_lights'");

  emit_service (f, "homeassistant", "restart", "{}");
  run (f);
  assert_report (f, "ran", "restart");
  emit_service (f, "homeassistant", "stop", "{}");
  run (f);
  assert_report (f, "filtered", "restart=service: 'stop' is not == 'restart'");

  emit_data (f, HB_TOPIC_SERVICE_REGISTERED, "{\"domain\": \"light\", \"service\": \"x\"}");
  run (f);
  assert_report (f, "ran", "registered");

  g_assert_cmpuint (hb_bus_emit_topic (f->bus, "my_app.ping", NULL), ==, 12);
  run (f);
  assert_report (f, "ran", "custom");

  g_assert_cmpuint (f->calls->len, ==, 14);
}

static void
test_emit_topic (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GError) error = NULL;
  HbEvent *event;

  add (f, with_handler (f, hb_listener_new_topic ("ping", "my_app.ping")));
  json_object_set_int_member (payload, "n", 7);

  hb_clock_advance (f->clock, 1.5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hb_bus_emit_topic (f->bus, "my_app.ping", payload), ==, 1);
  run (f);

  g_assert_cmpuint (f->calls->len, ==, 1);
  event = call_at (f, 0)->event;
  g_assert_cmpstr (hb_event_get_topic (event), ==, "my_app.ping");
  g_assert_cmpint (json_object_get_int_member (hb_event_get_data (event), "n"), ==, 7);
  g_assert_cmpuint (hb_event_get_seq (event), ==, 1);
  g_assert_cmpstr (hb_event_get_time_fired (event), ==, "2024-06-01T07:00:01.500000+00:00");
}

static gboolean
count_where (HbEvent  *event,
             gpointer  user_data,
             GError  **error)
{
  guint *count = user_data;

  (*count)++;
  return TRUE;
}

static void
test_index_skips_other_entities (Fixture       *f,
                                 gconstpointer  data)
{
  guint other_count = 0;
  guint target_count = 0;
  HbListener *target;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *name = g_strdup_printf ("other_%u", i);
      g_autofree char *entity = g_strdup_printf ("light.other_%u", i);
      g_autofree char *domain_glob = g_strdup_printf ("domain%u.*", i);
      g_autofree char *glob_name = g_strdup_printf ("glob_%u", i);
      g_autofree char *service_name = g_strdup_printf ("service_%u", i);
      HbListener *listener;

      listener = with_handler (f, hb_listener_new_state_change (name, entity));
      hb_listener_add_where (listener, hb_predicate_new_func (count_where, &other_count, NULL,
                                                             NULL));
      add (f, listener);

      /* domain globs of other domains are indexed by domain too */
      listener = with_handler (f, hb_listener_new_state_change (glob_name, domain_glob));
      hb_listener_add_where (listener, hb_predicate_new_func (count_where, &other_count, NULL,
                                                             NULL));
      add (f, listener);

      /* call_service listeners never see state events */
      listener = with_handler (f, hb_listener_new_call_service (service_name, "light", NULL));
      hb_listener_add_where (listener, hb_predicate_new_func (count_where, &other_count, NULL,
                                                             NULL));
      add (f, listener);
    }

  target = with_handler (f, hb_listener_new_state_change ("target", "light.target"));
  hb_listener_add_where (target, hb_predicate_new_func (count_where, &target_count, NULL, NULL));
  add (f, target);
  g_assert_cmpuint (hb_bus_get_n_listeners (f->bus), ==, 3001);

  for (guint i = 0; i < 10; i++)
    {
      emit_state (f, "light.target", i % 2 ? "on" : "off", i % 2 ? "off" : "on");
      run (f);
    }

  g_assert_cmpuint (other_count, ==, 0);
  g_assert_cmpuint (target_count, ==, 10);
  g_assert_cmpuint (f->calls->len, ==, 10);
  assert_report (f, "ran", "target");
  assert_report (f, "filtered", "");

  /* and the index still finds the others */
  emit_state (f, "light.other_500", "off", "on");
  emit_state (f, "domain7.x", "off", "on");
  g_assert_cmpuint (other_count, ==, 2);
}

static void
test_debounce_keeps_latest (Fixture       *f,
                            gconstpointer  data)
{
  HbListener *listener = with_handler (f, hb_listener_new_state_change ("deb", "sensor.x"));
  g_autoptr(HbTask) first = NULL;
  g_autoptr(HbTask) second = NULL;

  hb_listener_set_debounce (listener, 5);
  add (f, listener);

  emit_state (f, "sensor.x", "1", "2");
  assert_report (f, "deferred", "deb=debounce: runs 5s after the last matching event");
  run (f);
  first = find_live_task (f, "handler:debounce");
  g_assert_nonnull (first);
  g_assert_cmpint (hb_task_get_state (first), ==, HB_TASK_SLEEPING);
  g_assert_cmpstr (hb_task_get_owner (first), ==, "TestApp.0");
  g_assert_cmpuint (f->calls->len, ==, 0);

  /* a matching event restarts the wait (T0+3 -> due T0+8) and replaces the event */
  advance (f, 3);
  emit_state (f, "sensor.x", "2", "3");
  g_assert_cmpint (hb_task_get_state (first), ==, HB_TASK_CANCELLED);
  run (f);
  second = find_live_task (f, "handler:debounce");
  g_assert_nonnull (second);
  g_assert_true (second != first);
  g_assert_cmpuint (count_live (f, "handler:debounce"), ==, 1);

  /* non-matching events neither start nor reset it */
  advance (f, 3);
  emit_state (f, "sensor.x", "3", "3");
  assert_report (f, "filtered", "deb=changed: '3' did not change");
  run (f);
  g_assert_cmpint (hb_task_get_state (second), ==, HB_TASK_SLEEPING);

  /* T0+6: the first wait would have ended at T0+5 */
  g_assert_cmpuint (f->calls->len, ==, 0);
  advance (f, 1.5);
  g_assert_cmpuint (f->calls->len, ==, 0);
  advance (f, 0.5);

  /* T0+8: runs once, with the latest matching event */
  assert_calls (f, "deb");
  g_assert_cmpstr (call_new_state (f, 0), ==, "3");
  g_assert_cmpuint (hb_event_get_seq (call_at (f, 0)->event), ==, 2);
  g_assert_cmpint (hb_task_get_state (second), ==, HB_TASK_DONE);
  g_assert_cmpuint (count_live (f, "handler:debounce"), ==, 0);
  g_assert_cmpuint (hb_listener_get_n_runs (listener), ==, 1);

  advance (f, 60);
  g_assert_cmpuint (f->calls->len, ==, 1);
}

static void
test_throttle_drops (Fixture       *f,
                     gconstpointer  data)
{
  HbListener *listener = with_handler (f, hb_listener_new_state_change ("thr", "sensor.x"));

  hb_listener_set_throttle (listener, 10);
  add (f, listener);

  emit_state (f, "sensor.x", "1", "2");
  assert_report (f, "ran", "thr");
  run (f);

  advance (f, 4);
  emit_state (f, "sensor.x", "2", "3");
  assert_report (f, "skipped", "thr=throttle: last run 4s ago, within the 10s window");
  advance (f, 5.9);
  emit_state (f, "sensor.x", "3", "4");
  assert_report (f, "ran", "");

  /* dropped, not queued: nothing runs when the window ends */
  advance (f, 0.1);
  g_assert_cmpuint (f->calls->len, ==, 1);

  emit_state (f, "sensor.x", "4", "5");
  assert_report (f, "ran", "thr");
  run (f);

  assert_calls (f, "thr,thr");
  g_assert_cmpstr (call_new_state (f, 0), ==, "2");
  g_assert_cmpstr (call_new_state (f, 1), ==, "5");
}

static HbListener *
add_duration (Fixture *f)
{
  HbListener *listener = with_handler (f, hb_listener_new_state_change ("held", "light.x"));

  hb_listener_set_changed_to (listener, hb_condition_equals_string ("on"));
  hb_listener_set_duration (listener, 30);
  return add (f, listener);
}

static void
test_duration_fires (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HbTask) timer = NULL;

  add_duration (f);

  emit_state (f, "light.x", "off", "on");
  assert_report (f, "deferred", "held=duration: runs if the state holds for 30s");
  run (f);
  timer = find_live_task (f, "bus:duration_timer");
  g_assert_nonnull (timer);
  g_assert_cmpint (hb_task_get_state (timer), ==, HB_TASK_SLEEPING);

  advance (f, 29);
  g_assert_cmpuint (f->calls->len, ==, 0);

  /* an attribute refresh fails "changed" but still holds "on": the timer goes on */
  emit_attrs (f, "light.x", "on", "{}", "on", "{\"brightness\": 3}");
  run (f);
  g_assert_cmpint (hb_task_get_state (timer), ==, HB_TASK_SLEEPING);

  advance (f, 1);
  assert_calls (f, "held");
  /* the handler gets the event that started the hold */
  g_assert_cmpuint (hb_event_get_seq (call_at (f, 0)->event), ==, 1);
  g_assert_cmpint (hb_task_get_state (timer), ==, HB_TASK_DONE);

  advance (f, 100);
  g_assert_cmpuint (f->calls->len, ==, 1);
}

static void
test_duration_cancel (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HbTask) timer = NULL;

  add_duration (f);

  emit_state (f, "light.x", "off", "on");
  run (f);
  timer = find_live_task (f, "bus:duration_timer");
  g_assert_nonnull (timer);

  advance (f, 10);
  emit_state (f, "light.x", "on", "off");
  g_assert_cmpint (hb_task_get_state (timer), ==, HB_TASK_CANCELLED);
  run (f);
  advance (f, 60);
  g_assert_cmpuint (f->calls->len, ==, 0);

  /* a new hold starts from the next matching event */
  emit_state (f, "light.x", "off", "on");
  run (f);
  advance (f, 29.5);
  g_assert_cmpuint (f->calls->len, ==, 0);
  advance (f, 0.5);
  assert_calls (f, "held");
  g_assert_cmpuint (hb_event_get_seq (call_at (f, 0)->event), ==, 3);
}

static gboolean
brightness_above_50 (HbEvent  *event,
                     gpointer  user_data,
                     GError  **error)
{
  JsonNode *node = hb_event_read_value (event, HB_VALUE_ATTR_NEW, "brightness");

  return node != NULL && json_node_get_int (node) > 50;
}

static void
test_duration_where_cancels (Fixture       *f,
                             gconstpointer  data)
{
  HbListener *listener = with_handler (f, hb_listener_new_state_change ("bright", "light.x"));

  hb_listener_set_changed (listener, FALSE);
  hb_listener_add_where (listener, hb_predicate_new_func (brightness_above_50, NULL, NULL,
                                                         "bright"));
  hb_listener_add_where (listener,
                         hb_predicate_state_from (hb_condition_equals_string ("off")));
  hb_listener_set_duration (listener, 10);
  add (f, listener);

  emit_attrs (f, "light.x", "off", "{}", "on", "{\"brightness\": 80}");
  run (f);
  g_assert_cmpuint (count_live (f, "bus:duration_timer"), ==, 1);

  /* state_from 'off' is a transition test: the hold ignores the old state, so this
   * refresh (on -> on) keeps the timer while it still holds "bright" */
  advance (f, 5);
  emit_attrs (f, "light.x", "on", "{\"brightness\": 80}", "on", "{\"brightness\": 90}");
  assert_report (f, "filtered", "bright=where: state_from == 'off' is false");
  run (f);
  g_assert_cmpuint (count_live (f, "bus:duration_timer"), ==, 1);

  /* the where fails on the new state: cancelled */
  emit_attrs (f, "light.x", "on", "{\"brightness\": 90}", "on", "{\"brightness\": 20}");
  run (f);
  g_assert_cmpuint (count_live (f, "bus:duration_timer"), ==, 0);
  advance (f, 20);
  g_assert_cmpuint (f->calls->len, ==, 0);
}

static void
seed (Fixture    *f,
      const char *entity_id,
      const char *state,
      const char *last_changed)
{
  g_autoptr(HbState) s = hb_state_new (entity_id, state, NULL, last_changed, NULL, NULL);

  hb_states_set (f->states, s);
}

static void
test_immediate (Fixture       *f,
                gconstpointer  data)
{
  HbListener *on;
  HbListener *off;
  HbListener *absent;
  HbEvent *event;

  seed (f, "light.kitchen", "on", "2024-06-01T06:00:00+00:00");

  on = with_handler (f, hb_listener_new_state_change ("on", "light.kitchen"));
  hb_listener_set_changed_to (on, hb_condition_equals_string ("on"));
  hb_listener_set_immediate (on, TRUE);
  add (f, on);

  /* spawned at add time, run from the queue */
  g_assert_cmpuint (count_live (f, "bus:immediate_fire"), ==, 1);
  g_assert_cmpuint (f->calls->len, ==, 0);
  run (f);
  assert_calls (f, "on");
  g_assert_cmpuint (count_live (f, "bus:immediate_fire"), ==, 0);

  /* a synthetic event: the stored state, as if just created */
  event = call_at (f, 0)->event;
  g_assert_cmpstr (hb_event_get_topic (event), ==, HB_TOPIC_STATE_CHANGED);
  g_assert_cmpstr (hb_event_get_entity_id (event), ==, "light.kitchen");
  g_assert_null (hb_event_get_old_state (event));
  g_assert_cmpstr (call_new_state (f, 0), ==, "on");

  /* filters still apply */
  off = with_handler (f, hb_listener_new_state_change ("off", "light.kitchen"));
  hb_listener_set_changed_to (off, hb_condition_equals_string ("off"));
  hb_listener_set_immediate (off, TRUE);
  add (f, off);
  g_assert_cmpuint (count_live (f, "bus:immediate_fire"), ==, 0);
  g_assert_cmpuint (hb_listener_get_n_filtered (off), ==, 1);

  /* an entity not in the store fires nothing */
  absent = with_handler (f, hb_listener_new_state_change ("absent", "light.hall"));
  hb_listener_set_immediate (absent, TRUE);
  add (f, absent);
  run (f);
  assert_calls (f, "on");

  /* and it is a normal listener afterwards */
  emit_state (f, "light.kitchen", "on", "off");
  run (f);
  assert_calls (f, "on,off");
}

static void
test_immediate_with_duration (Fixture       *f,
                              gconstpointer  data)
{
  HbListener *long_ago;
  HbListener *recent;

  /* on since an hour: the hold is already over */
  seed (f, "light.kitchen", "on", "2024-06-01T06:00:00+00:00");
  long_ago = with_handler (f, hb_listener_new_state_change ("long_ago", "light.kitchen"));
  hb_listener_set_immediate (long_ago, TRUE);
  hb_listener_set_duration (long_ago, 30);
  add (f, long_ago);
  g_assert_cmpuint (count_live (f, "bus:immediate_fire"), ==, 1);
  run (f);
  assert_calls (f, "long_ago");

  /* on since 10 s: 20 s of the hold are left */
  seed (f, "light.hall", "on", "2024-06-01T06:59:50+00:00");
  recent = with_handler (f, hb_listener_new_state_change ("recent", "light.hall"));
  hb_listener_set_immediate (recent, TRUE);
  hb_listener_set_duration (recent, 30);
  add (f, recent);
  g_assert_cmpuint (count_live (f, "bus:immediate_fire"), ==, 0);
  g_assert_cmpuint (count_live (f, "bus:duration_timer"), ==, 1);
  run (f);
  advance (f, 19);
  assert_calls (f, "long_ago");
  advance (f, 1);
  assert_calls (f, "long_ago,recent");
}

static void
test_once (Fixture       *f,
           gconstpointer  data)
{
  HbListener *listener = with_handler (f, hb_listener_new_state_change ("once", "light.x"));
  g_autoptr(HbListener) keep = g_object_ref (listener);

  hb_listener_set_once (listener, TRUE);
  add (f, listener);

  emit_state (f, "light.x", "off", "on");
  assert_report (f, "ran", "once");

  /* removed as soon as its run is spawned, before it runs: the name is free again */
  g_assert_false (hb_listener_is_active (listener));
  g_assert_null (hb_bus_lookup_listener (f->bus, "once"));
  g_assert_cmpuint (hb_bus_get_n_listeners (f->bus), ==, 0);

  emit_state (f, "light.x", "on", "off");
  run (f);
  assert_calls (f, "once");
  g_assert_cmpuint (hb_event_get_seq (call_at (f, 0)->event), ==, 1);

  add_state (f, "once", "light.x");
  g_assert_cmpuint (hb_bus_get_n_listeners (f->bus), ==, 1);
}

static void
test_once_immediate (Fixture       *f,
                     gconstpointer  data)
{
  HbListener *listener = with_handler (f, hb_listener_new_state_change ("once", "light.x"));
  g_autoptr(HbListener) keep = g_object_ref (listener);

  seed (f, "light.x", "on", T0);
  hb_listener_set_once (listener, TRUE);
  hb_listener_set_immediate (listener, TRUE);
  add (f, listener);
  g_assert_true (hb_listener_is_active (listener));

  run (f);
  assert_calls (f, "once");
  g_assert_false (hb_listener_is_active (listener));
  emit_state (f, "light.x", "on", "off");
  run (f);
  assert_calls (f, "once");
}

static HbListener *
add_mode (Fixture    *f,
          const char *name,
          HbMode      mode)
{
  HbListener *listener = with_handler (f, hb_listener_new_state_change (name, "counter.x"));

  hb_listener_set_mode (listener, mode);
  hb_listener_set_changed (listener, FALSE);
  return add (f, listener);
}

static void
release_held (Fixture *f,
              guint    i)
{
  g_assert_cmpuint (i, <, f->held->len);
  hb_task_return (g_ptr_array_index (f->held, i));
}

static void
test_mode_single (Fixture       *f,
                  gconstpointer  data)
{
  HbListener *listener = add_mode (f, "single", HB_MODE_SINGLE);

  g_assert_cmpint (hb_listener_get_mode (listener), ==, HB_MODE_SINGLE);
  f->hold = TRUE;

  emit_state (f, "counter.x", "0", "1");
  run (f);
  g_assert_cmpint (hb_task_get_state (g_ptr_array_index (f->held, 0)), ==, HB_TASK_WAITING);

  emit_state (f, "counter.x", "1", "2");
  assert_report (f, "skipped", "single=mode single: the previous run is still in flight");
  run (f);
  assert_calls (f, "single");

  release_held (f, 0);
  g_assert_cmpint (hb_task_get_state (g_ptr_array_index (f->held, 0)), ==, HB_TASK_DONE);

  emit_state (f, "counter.x", "2", "3");
  assert_report (f, "ran", "single");
  run (f);
  assert_calls (f, "single,single");
  g_assert_cmpstr (call_new_state (f, 1), ==, "3");
  g_assert_cmpuint (hb_listener_get_n_runs (listener), ==, 2);
}

static void
test_mode_restart (Fixture       *f,
                   gconstpointer  data)
{
  add_mode (f, "restart", HB_MODE_RESTART);
  f->hold = TRUE;

  emit_state (f, "counter.x", "0", "1");
  run (f);
  emit_state (f, "counter.x", "1", "2");
  assert_report (f, "ran", "restart");

  /* the run in flight was cancelled (not failed) */
  g_assert_cmpint (hb_task_get_state (g_ptr_array_index (f->held, 0)), ==, HB_TASK_CANCELLED);
  run (f);
  assert_calls (f, "restart,restart");
  g_assert_cmpint (hb_task_get_state (g_ptr_array_index (f->held, 1)), ==, HB_TASK_WAITING);
  g_assert_cmpuint (f->failures->len, ==, 0);

  /* a restart while the new run is still queued cancels it before it starts */
  emit_state (f, "counter.x", "2", "3");
  emit_state (f, "counter.x", "3", "4");
  run (f);
  assert_calls (f, "restart,restart,restart");
  g_assert_cmpstr (call_new_state (f, 2), ==, "4");
  g_assert_cmpint (hb_task_get_state (g_ptr_array_index (f->held, 1)), ==, HB_TASK_CANCELLED);
}

static void
test_mode_queued (Fixture       *f,
                  gconstpointer  data)
{
  add_mode (f, "queued", HB_MODE_QUEUED);
  f->hold = TRUE;

  emit_state (f, "counter.x", "0", "1");
  run (f);

  for (guint i = 1; i <= HB_MODE_QUEUE_LIMIT + 1; i++)
    {
      g_autofree char *old_state = g_strdup_printf ("%u", i);
      g_autofree char *new_state = g_strdup_printf ("%u", i + 1);

      emit_state (f, "counter.x", old_state, new_state);
      if (i <= HB_MODE_QUEUE_LIMIT)
        {
          g_autofree char *expected =
            g_strdup_printf ("queued=mode queued: waits behind the run in flight (%u pending)", i);

          assert_report (f, "deferred", expected);
        }
    }
  assert_report (f, "skipped", "queued=mode queued: the queue is full (10 pending)");
  run (f);
  g_assert_cmpuint (f->calls->len, ==, 1);

  /* each finished run starts the next queued one, oldest first */
  for (guint i = 0; i < HB_MODE_QUEUE_LIMIT; i++)
    {
      release_held (f, i);
      run (f);
      g_assert_cmpuint (f->calls->len, ==, i + 2);
    }
  release_held (f, HB_MODE_QUEUE_LIMIT);
  run (f);

  g_assert_cmpuint (f->calls->len, ==, HB_MODE_QUEUE_LIMIT + 1);
  for (guint i = 0; i < f->calls->len; i++)
    g_assert_cmpuint (hb_event_get_seq (call_at (f, i)->event), ==, i + 1);
  g_assert_cmpuint (count_live (f, "handler:queued"), ==, 0);
}

static void
test_mode_parallel (Fixture       *f,
                    gconstpointer  data)
{
  add_mode (f, "parallel", HB_MODE_PARALLEL);
  f->hold = TRUE;

  emit_state (f, "counter.x", "0", "1");
  emit_state (f, "counter.x", "1", "2");
  emit_state (f, "counter.x", "2", "3");
  run (f);

  assert_calls (f, "parallel,parallel,parallel");
  g_assert_cmpuint (count_live (f, "handler:parallel"), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (hb_task_get_state (g_ptr_array_index (f->held, i)), ==, HB_TASK_WAITING);
}

static void
test_handler_failure (Fixture       *f,
                      gconstpointer  data)
{
  HbListener *bad = hb_listener_new_state_change ("bad", "light.x");
  g_autoptr(HbTask) task = NULL;

  hb_listener_set_handler (bad, failing_handler, f, NULL);
  add (f, bad);
  add_state (f, "good", "light.x");

  emit_state (f, "light.x", "off", "on");
  task = find_live_task (f, "handler:bad");
  g_assert_nonnull (task);
  g_assert_cmpuint (f->errors->len, ==, 0);
  run (f);

  assert_calls (f, "bad,good");
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_FAILED);
  g_assert_error (hb_task_get_error (task), G_IO_ERROR, G_IO_ERROR_FAILED);

  /* the bucket's recorders see it (a drain error), then the error handler and signal */
  g_assert_cmpuint (f->failures->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->failures, 0), ==, "handler:bad: handler broke");
  g_assert_cmpuint (f->n_error_handler, ==, 1);
  g_assert_cmpuint (f->errors->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->errors, 0), ==, "bad: handler broke");

  /* the listener stays */
  g_assert_true (hb_listener_is_active (bad));
}

static gboolean
failing_predicate (HbEvent  *event,
                   gpointer  user_data,
                   GError  **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "sensor broke");
  return FALSE;
}

static void
test_predicate_failure (Fixture       *f,
                        gconstpointer  data)
{
  HbListener *bad = with_handler (f, hb_listener_new_state_change ("bad", "light.x"));
  g_autoptr(HbTask) task = NULL;

  hb_listener_add_where (bad, hb_predicate_new_func (failing_predicate, NULL, NULL, NULL));
  add (f, bad);
  add_state (f, "good", "light.x");

  emit_state (f, "light.x", "off", "on");
  assert_report (f, "ran", "good");
  assert_report (f, "skipped",
                 "bad=predicate failed: sensor broke");

  task = find_live_task (f, "bus:predicate_error");
  g_assert_nonnull (task);
  g_assert_cmpuint (f->errors->len, ==, 0);
  run (f);

  /* skipped for this event, other listeners ran, and the failure is a failed task */
  assert_calls (f, "good");
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_FAILED);
  g_assert_error (hb_task_get_error (task), G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpuint (f->failures->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->failures, 0), ==,
                   "bus:predicate_error: Predicate of listener 'bad' failed: sensor broke");
  g_assert_cmpuint (f->n_error_handler, ==, 1);
  g_assert_cmpuint (f->errors->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->errors, 0), ==,
                   "bad: Predicate of listener 'bad' failed: sensor broke");
  g_assert_true (hb_listener_is_active (bad));
}

static void
test_dispatched_report (Fixture       *f,
                        gconstpointer  data)
{
  HbListener *to_on = with_handler (f, hb_listener_new_state_change ("to_on", "light.x"));
  HbListener *single = with_handler (f, hb_listener_new_state_change ("single", "light.x"));
  HbListener *deb = with_handler (f, hb_listener_new_state_change ("deb", "light.x"));
  JsonObject *report;

  hb_listener_set_changed_to (to_on, hb_condition_equals_string ("on"));
  hb_listener_set_debounce (deb, 1);
  add (f, to_on);
  add (f, single);
  add (f, deb);

  f->hold = TRUE;
  emit_state (f, "light.x", "on", "off");
  run (f);
  emit_state (f, "light.x", "off", "dim");

  report = last_report (f);
  g_assert_true (json_object_has_member (report, "ran"));
  g_assert_true (json_object_has_member (report, "filtered"));
  g_assert_true (json_object_has_member (report, "skipped"));
  g_assert_true (json_object_has_member (report, "deferred"));
  assert_report (f, "ran", "");
  assert_report (f, "filtered", "to_on=changed_to: 'dim' is not == 'on'");
  assert_report (f, "skipped", "single=mode single: the previous run is still in flight");
  assert_report (f, "deferred", "deb=debounce: runs 1s after the last matching event");
  g_assert_cmpuint (f->reports->len, ==, 2);
}

static void
assert_add_fails (Fixture     *f,
                  HbListener  *listener,
                  GQuark       domain,
                  int          code,
                  const char  *substring)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbListener) owned = listener;
  guint before = hb_bus_get_n_listeners (f->bus);

  g_assert_null (hb_bus_add_listener (f->bus, listener, HB_IF_EXISTS_ERROR, &error));
  g_assert_error (error, domain, code);
  if (strstr (error->message, substring) == NULL)
    g_error ("'%s' not in '%s'", substring, error->message);
  g_assert_false (hb_listener_is_active (listener));
  g_assert_cmpuint (hb_bus_get_n_listeners (f->bus), ==, before);
}

static HbListener *
state_with (Fixture    *f,
            const char *name,
            const char *entity_id)
{
  return with_handler (f, hb_listener_new_state_change (name, entity_id));
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HbListener *l;
  double bad_values[] = { -1, NAN, INFINITY };

  assert_add_fails (f, state_with (f, "", "light.x"), HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "name is required");
  assert_add_fails (f, state_with (f, NULL, "light.x"), HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "'hass.event.state_changed.light.x'");
  assert_add_fails (f, hb_listener_new_state_change ("nohandler", "light.x"),
                    HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "'nohandler' has no handler");

  assert_add_fails (f, state_with (f, "noentity", NULL), HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "'noentity' needs an entity id");
  assert_add_fails (f, state_with (f, "badid", "Light Kitchen"), HB_ERROR,
                    HB_ERROR_INVALID_ARGUMENT, "'Light Kitchen' is not a valid entity id");
  assert_add_fails (f, with_handler (f, hb_listener_new_attribute_change ("noattr", "light.x",
                                                                        "")),
                    HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "'noattr' needs an attribute name");

  assert_add_fails (f, state_with (f, "badglob", "light.[kitchen"), HB_ERROR,
                    HB_ERROR_INVALID_GLOB, "light.[kitchen");
  assert_add_fails (f, with_handler (f, hb_listener_new_topic ("badtopic", "hass.[event")),
                    HB_ERROR, HB_ERROR_INVALID_GLOB, "'badtopic'");
  assert_add_fails (f, with_handler (f, hb_listener_new_call_service ("baddomain", "li[ght",
                                                                    NULL)),
                    HB_ERROR, HB_ERROR_INVALID_GLOB, "li[ght");
  assert_add_fails (f, with_handler (f, hb_listener_new_topic ("notopic", "")),
                    HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "'notopic' needs a topic");

  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      l = state_with (f, "bad_debounce", "light.x");
      hb_listener_set_debounce (l, bad_values[i]);
      assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                        "'bad_debounce': debounce must be finite and non-negative");

      l = state_with (f, "bad_throttle", "light.x");
      hb_listener_set_throttle (l, bad_values[i]);
      assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                        "throttle must be finite and non-negative");

      l = state_with (f, "bad_duration", "light.x");
      hb_listener_set_duration (l, bad_values[i]);
      assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                        "duration must be finite and non-negative");
    }

  l = state_with (f, "once_debounce", "light.x");
  hb_listener_set_once (l, TRUE);
  hb_listener_set_debounce (l, 1);
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "once cannot be combined with debounce");

  l = state_with (f, "once_throttle", "light.x");
  hb_listener_set_once (l, TRUE);
  hb_listener_set_throttle (l, 1);
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "once cannot be combined with throttle");

  l = state_with (f, "debounce_throttle", "light.x");
  hb_listener_set_debounce (l, 1);
  hb_listener_set_throttle (l, 1);
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "debounce and throttle are mutually exclusive");

  l = state_with (f, "duration_glob", "light.*");
  hb_listener_set_duration (l, 5);
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "duration needs a single entity, not the glob 'light.*'");

  l = state_with (f, "duration_debounce", "light.x");
  hb_listener_set_duration (l, 5);
  hb_listener_set_debounce (l, 1);
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "duration cannot be combined with debounce");

  l = state_with (f, "duration_throttle", "light.x");
  hb_listener_set_duration (l, 5);
  hb_listener_set_throttle (l, 1);
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "duration cannot be combined with throttle");

  l = with_handler (f, hb_listener_new_call_service ("duration_service", "light", NULL));
  hb_listener_set_duration (l, 5);
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "duration is only for state and attribute listeners");

  l = state_with (f, "immediate_glob", "light.*");
  hb_listener_set_immediate (l, TRUE);
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "immediate needs a single entity, not the glob 'light.*'");

  l = with_handler (f, hb_listener_new_topic ("immediate_topic", "my.topic"));
  hb_listener_set_immediate (l, TRUE);
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "immediate is only for state and attribute listeners");

  l = with_handler (f, hb_listener_new_call_service ("changed_to_service", "light", NULL));
  hb_listener_set_changed_to (l, hb_condition_equals_string ("on"));
  assert_add_fails (f, l, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                    "changed_to is only for state and attribute listeners");

  /* a listener is added once */
  l = add_state (f, "twice", "light.x");
  g_assert_null (hb_bus_add_listener (f->bus, l, HB_IF_EXISTS_ERROR, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "'twice' was already added"));
  g_clear_error (&error);
  g_assert_true (hb_listener_is_active (l));
  /* ... but asking for it with skip just returns it */
  g_assert_true (hb_bus_add_listener (f->bus, l, HB_IF_EXISTS_SKIP, &error) == l);
  g_assert_no_error (error);

  /* nothing was half-registered along the way */
  g_assert_cmpuint (hb_bus_get_n_listeners (f->bus), ==, 1);
  g_assert_cmpuint (hb_task_bucket_get_n_live (f->bucket), ==, 0);
}

static void
test_if_exists (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HbListener *first = state_with (f, "dup", "light.x");
  HbListener *same;
  HbListener *different;
  HbListener *replacement;

  g_autoptr(HbListener) keep = g_object_ref (first);

  hb_listener_set_changed_to (first, hb_condition_equals_string ("on"));
  add (f, first);

  /* default: a clear error, and the existing listener stays */
  assert_add_fails (f, state_with (f, "dup", "light.y"), HB_ERROR, HB_ERROR_DUPLICATE_NAME,
                    "A listener named 'dup' already exists");

  /* skip: the same configuration (conditions compare by value) returns the existing one */
  same = state_with (f, "dup", "light.x");
  hb_listener_set_changed_to (same, hb_condition_equals_string ("on"));
  g_assert_true (hb_bus_add_listener (f->bus, same, HB_IF_EXISTS_SKIP, &error) == first);
  g_assert_no_error (error);
  g_assert_false (hb_listener_is_active (same));
  g_object_unref (same);

  /* skip with a different configuration: the error names what differs */
  different = state_with (f, "dup", "light.x");
  hb_listener_set_changed_to (different, hb_condition_equals_string ("off"));
  hb_listener_set_debounce (different, 2);
  g_assert_null (hb_bus_add_listener (f->bus, different, HB_IF_EXISTS_SKIP, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME);
  g_assert_nonnull (strstr (error->message, "changed_to, debounce"));
  g_clear_error (&error);
  g_object_unref (different);

  /* replace: the old one goes (its pending work with it), the new one is routable */
  replacement = state_with (f, "dup", "light.y");
  g_assert_true (hb_bus_add_listener (f->bus, replacement, HB_IF_EXISTS_REPLACE, &error) ==
                 replacement);
  g_assert_no_error (error);
  g_assert_false (hb_listener_is_active (first));
  g_assert_true (hb_bus_lookup_listener (f->bus, "dup") == replacement);
  g_assert_cmpuint (hb_bus_get_n_listeners (f->bus), ==, 1);
  g_object_unref (replacement);

  emit_state (f, "light.x", "off", "on");
  emit_state (f, "light.y", "off", "on");
  run (f);
  assert_calls (f, "dup");
  g_assert_cmpstr (hb_event_get_entity_id (call_at (f, 0)->event), ==, "light.y");
}

static void
test_remove_cancels (Fixture       *f,
                     gconstpointer  data)
{
  HbListener *deb = state_with (f, "deb", "light.a");
  HbListener *held = add_duration (f);
  HbListener *busy = state_with (f, "busy", "light.b");
  HbListener *queued = state_with (f, "queued", "light.b");
  g_autoptr(HbTask) deb_task = NULL;
  g_autoptr(HbTask) timer = NULL;
  g_autoptr(HbTask) busy_run = NULL;
  g_autoptr(HbListener) keep_deb = g_object_ref (deb);
  g_autoptr(HbListener) keep_held = g_object_ref (held);
  g_autoptr(HbListener) keep_busy = g_object_ref (busy);
  g_autoptr(HbListener) keep_queued = g_object_ref (queued);

  hb_listener_set_debounce (deb, 5);
  add (f, deb);
  hb_listener_set_changed (busy, FALSE);
  add (f, busy);
  hb_listener_set_changed (queued, FALSE);
  hb_listener_set_mode (queued, HB_MODE_QUEUED);
  add (f, queued);

  emit_state (f, "light.a", "off", "on");
  emit_state (f, "light.x", "off", "on");
  f->hold = TRUE;
  emit_state (f, "light.b", "off", "on");
  run (f);
  emit_state (f, "light.b", "on", "on");
  emit_state (f, "light.b", "on", "on");

  deb_task = find_live_task (f, "handler:debounce");
  timer = find_live_task (f, "bus:duration_timer");
  busy_run = find_live_task (f, "handler:busy");
  g_assert_nonnull (deb_task);
  g_assert_nonnull (timer);
  g_assert_nonnull (busy_run);

  hb_bus_remove_listener (f->bus, deb);
  hb_bus_remove_listener (f->bus, held);
  hb_bus_remove_listener (f->bus, busy);
  hb_bus_remove_listener (f->bus, queued);
  g_assert_cmpint (hb_task_get_state (deb_task), ==, HB_TASK_CANCELLED);
  g_assert_cmpint (hb_task_get_state (timer), ==, HB_TASK_CANCELLED);
  g_assert_cmpint (hb_task_get_state (busy_run), ==, HB_TASK_CANCELLED);
  g_assert_false (hb_listener_is_active (deb));
  g_assert_cmpuint (hb_bus_get_n_listeners (f->bus), ==, 0);
  g_assert_cmpuint (hb_task_bucket_get_n_live (f->bucket), ==, 0);

  /* idempotent */
  hb_bus_remove_listener (f->bus, deb);

  /* nothing comes back later, and cancellation is not a failure */
  advance (f, 100);
  assert_calls (f, "busy,queued");
  g_assert_cmpuint (f->failures->len, ==, 0);
  g_assert_cmpuint (f->errors->len, ==, 0);

  emit_state (f, "light.a", "on", "off");
  g_assert_cmpuint (hb_task_bucket_get_n_live (f->bucket), ==, 0);
}

static gboolean
unsubscribing_handler (HbEvent  *event,
                       HbTask   *task,
                       gpointer  user_data,
                       GError  **error)
{
  Fixture *f = user_data;
  HbListener *self = hb_bus_lookup_listener (f->bus, "quitter");

  g_assert_nonnull (self);
  hb_bus_remove_listener (f->bus, self);
  return record_handler (event, task, user_data, error);
}

static void
test_remove_from_own_handler (Fixture       *f,
                              gconstpointer  data)
{
  HbListener *listener = hb_listener_new_state_change ("quitter", "light.x");
  g_autoptr(HbListener) keep = g_object_ref (listener);

  hb_listener_set_handler (listener, unsubscribing_handler, f, NULL);
  add (f, listener);
  add_state (f, "stayer", "light.x");

  emit_state (f, "light.x", "off", "on");
  emit_state (f, "light.x", "on", "off");
  run (f);

  /* the handler finished its step; its own run is the one the removal cancelled */
  assert_calls (f, "quitter,stayer");
  g_assert_false (hb_listener_is_active (listener));
  g_assert_null (hb_bus_lookup_listener (f->bus, "quitter"));
  g_assert_cmpuint (f->failures->len, ==, 0);
  g_assert_cmpuint (hb_task_bucket_get_n_live (f->bucket), ==, 0);

  emit_state (f, "light.x", "off", "on");
  run (f);
  assert_calls (f, "quitter,stayer,stayer");
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u;", position, removed, added);
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  GListModel *model = G_LIST_MODEL (f->bus);
  g_auto(GStrv) names = NULL;
  g_autoptr(HbListener) second = NULL;
  HbListener *b;

  g_signal_connect (f->bus, "items-changed", G_CALLBACK (items_changed_cb), log);
  g_assert_true (g_list_model_get_item_type (model) == HB_TYPE_LISTENER);

  add_state (f, "a", "light.a");
  b = add_state (f, "b", "light.b");
  add_state (f, "c", "light.c");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  second = g_list_model_get_item (model, 1);
  g_assert_true (second == b);
  g_assert_null (g_list_model_get_item (model, 3));

  names = hb_bus_list_listener_names (f->bus);
  g_assert_cmpstrv (names, ((const char *[]) { "a", "b", "c", NULL }));

  hb_bus_remove_listener (f->bus, b);
  g_clear_pointer (&names, g_strfreev);
  names = hb_bus_list_listener_names (f->bus);
  g_assert_cmpstrv (names, ((const char *[]) { "a", "c", NULL }));

  hb_bus_remove_all_listeners (f->bus);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (log->str, ==, "0-0+1;1-0+1;2-0+1;1-1+0;1-1+0;0-1+0;");
}

static void
test_describe (Fixture       *f,
               gconstpointer  data)
{
  HbListener *listener = state_with (f, "door", "binary_sensor.x");
  HbListener *service = hb_listener_new_call_service ("svc", "light", "turn_*");
  g_autofree char *text = NULL;
  g_autofree char *service_text = NULL;

  hb_listener_set_changed_to (listener, hb_condition_equals_string ("on"));
  hb_listener_set_debounce (listener, 2.5);
  hb_listener_set_priority (listener, 3);
  text = hb_listener_describe (listener);
  g_assert_cmpstr (text, ==,
                   "state_change binary_sensor.x changed_to == 'on' debounce=2.5s priority=3 "
                   "mode=single");

  hb_listener_set_mode (service, HB_MODE_PARALLEL);
  service_text = hb_listener_describe (service);
  g_assert_cmpstr (service_text, ==, "call_service domain=light service=turn_* mode=parallel");

  g_object_unref (listener);
  g_object_unref (service);
}

static void
test_dispose_with_pending_work (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbClock) clock = hb_clock_new (NULL, NULL);
  g_autoptr(HbTaskBucket) bucket = hb_task_bucket_new (clock, NULL);
  HbBus *bus = hb_bus_new (clock, bucket, NULL, NULL);
  HbListener *listener = hb_listener_new_state_change ("deb", "light.x");
  g_autoptr(HbEvent) event = state_event ("light.x", "off", NULL, "on", NULL);
  Fixture f = { 0 };

  f.calls = g_ptr_array_new_with_free_func (call_free);
  hb_listener_set_handler (listener, record_handler, &f, NULL);
  hb_listener_set_debounce (listener, 1);
  g_assert_nonnull (hb_bus_add_listener (bus, listener, HB_IF_EXISTS_ERROR, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hb_listener_get_owner (listener), ==, "bus");

  hb_bus_emit (bus, event);
  hb_task_bucket_run_pending (bucket);
  g_assert_cmpuint (hb_task_bucket_get_n_sleeping (bucket), ==, 1);

  /* the bus goes first: its listeners' timers go with it */
  g_object_unref (bus);
  g_assert_false (hb_listener_is_active (listener));
  g_assert_cmpuint (hb_task_bucket_get_n_live (bucket), ==, 0);
  hb_clock_advance (clock, 10, &error);
  hb_clock_fire_due (clock);
  hb_task_bucket_run_pending (bucket);
  g_assert_cmpuint (f.calls->len, ==, 0);

  g_object_unref (listener);
  g_ptr_array_unref (f.calls);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/hassbench/bus/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("nothing-runs-inside-emit", test_nothing_runs_inside_emit);
  ADD ("changed-filter", test_changed_filter);
  ADD ("changed-comparison", test_changed_comparison);
  ADD ("changed-from-to", test_changed_from_to);
  ADD ("where", test_where);
  ADD ("attribute-listener", test_attribute_listener);
  ADD ("route-order-and-priority", test_route_order_and_priority);
  ADD ("run-once-across-routes", test_run_once_across_routes);
  ADD ("glob-routing", test_glob_routing);
  ADD ("call-service", test_call_service);
  ADD ("topic-listeners", test_topic_listeners);
  ADD ("emit-topic", test_emit_topic);
  ADD ("index-skips-other-entities", test_index_skips_other_entities);
  ADD ("debounce-keeps-latest", test_debounce_keeps_latest);
  ADD ("throttle-drops", test_throttle_drops);
  ADD ("duration-fires", test_duration_fires);
  ADD ("duration-cancel", test_duration_cancel);
  ADD ("duration-where-cancels", test_duration_where_cancels);
  ADD ("immediate", test_immediate);
  ADD ("immediate-with-duration", test_immediate_with_duration);
  ADD ("once", test_once);
  ADD ("once-immediate", test_once_immediate);
  ADD ("mode-single", test_mode_single);
  ADD ("mode-restart", test_mode_restart);
  ADD ("mode-queued", test_mode_queued);
  ADD ("mode-parallel", test_mode_parallel);
  ADD ("handler-failure", test_handler_failure);
  ADD ("predicate-failure", test_predicate_failure);
  ADD ("dispatched-report", test_dispatched_report);
  ADD ("validation", test_validation);
  ADD ("if-exists", test_if_exists);
  ADD ("remove-cancels", test_remove_cancels);
  ADD ("remove-from-own-handler", test_remove_from_own_handler);
  ADD ("list-model", test_list_model);
  ADD ("describe", test_describe);

#undef ADD

  g_test_add_func ("/hassbench/bus/dispose-with-pending-work", test_dispose_with_pending_work);

  return g_test_run ();
}
