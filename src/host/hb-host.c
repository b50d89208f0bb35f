/* hb-host.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hb-host.h"

#include <unistd.h>

#include "hb-crash-guard.h"

struct _HbHost
{
  GObject         parent_instance;

  HbHostOutput   *output;
  JsonParser     *parser;
  HbAppRegistry  *registry;
  HbHarness      *harness;
  GMainContext   *pushed_context;  /* the harness's, thread default while loaded */
  gboolean        quit;

  /* Observed objects. Bus and scheduler exist only once the harness started. */
  HbClock        *clock;
  HbStates       *states;
  HbTaskBucket   *bucket;
  HbRecordingApi *api;
  HbBus          *bus;
  HbScheduler    *scheduler;
  gulong          clock_now_id;
  gulong          clock_frozen_id;
  gulong          state_changed_id;
  gulong          task_started_id;
  gulong          task_changed_id;
  gulong          task_finished_id;
  gulong          call_recorded_id;
  gulong          dispatched_id;
  gulong          listeners_changed_id;
  gulong          job_added_id;
  gulong          job_fired_id;
  gulong          job_removed_id;

  /* The clock as last reported. */
  gint64          reported_now;
  gboolean        reported_frozen;
  gboolean        clock_reported;

  /* Listeners as last reported: name -> HbListener (a reference), and the names in the
   * order they were reported (removals are reported in that order). */
  GHashTable     *reported_listeners;
  GPtrArray      *reported_order;
  gboolean        listeners_dirty;

  /* Tasks in RUNNING (references), innermost last: a task can run another to completion
   * inside its step. The innermost one's name is what a crash reports. */
  GPtrArray      *running;
};

typedef JsonObject *(*MethodFunc) (HbHost      *self,
                                   JsonObject  *params,
                                   GError     **error);

G_DEFINE_FINAL_TYPE (HbHost, hb_host, G_TYPE_OBJECT)
G_DEFINE_QUARK (hb-host-protocol-error-quark, hb_host_protocol_error)

/* Observations */

static JsonObject *
observation_new (const char *kind)
{
  JsonObject *obs = json_object_new ();

  json_object_set_string_member (obs, "event", kind);
  return obs;
}

static void
emit (HbHost     *self,
      JsonObject *obs)
{
  hb_host_output_add (self->output, obs);
  json_object_unref (obs);
}

static void
set_nullable_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static char *
format_usec (HbClock *clock,
             gint64   usec)
{
  g_autoptr(GDateTime) dt = hb_clock_to_date_time (clock, usec);

  return dt != NULL ? hb_format_instant (dt) : NULL;
}

/* Adds the task's members to @object (an observation or a snapshot row). Its id is
 * "task_id": a line with a top-level "id" is a response, never an observation. */
static JsonObject *
task_fill (HbClock    *clock,
           JsonObject *object,
           HbTask     *task)
{
  const GError *error = hb_task_get_error (task);
  g_autofree char *created = format_usec (clock, hb_task_get_created_usec (task));

  json_object_set_int_member (object, "task_id", (gint64) hb_task_get_id (task));
  json_object_set_string_member (object, "name", hb_task_get_name (task));
  set_nullable_string (object, "owner", hb_task_get_owner (task));
  json_object_set_string_member (object, "state",
                                 hb_task_state_to_string (hb_task_get_state (task)));
  set_nullable_string (object, "waits_on", hb_task_get_waits_on (task));
  set_nullable_string (object, "error", error != NULL ? error->message : NULL);
  /* The clock instant it was made at: the workbench shows a task's age from it. */
  set_nullable_string (object, "created", created);
  return object;
}

static JsonObject *
call_fill (HbHost     *self,
           JsonObject *object,
           HbApiCall  *call)
{
  g_autofree char *time = format_usec (self->clock, hb_api_call_get_time_usec (call));

  json_object_set_int_member (object, "index", hb_api_call_get_index (call));
  json_object_set_string_member (object, "method", hb_api_call_get_method (call));
  /* A recorded call never changes: its kwargs are shared, not copied. */
  json_object_set_object_member (object, "kwargs",
                                 json_object_ref (hb_api_call_get_kwargs (call)));
  set_nullable_string (object, "time", time);
  return object;
}

static JsonObject *
state_or_null (HbState *state)
{
  return state != NULL ? hb_state_to_json (state) : NULL;
}

static void
set_state_member (JsonObject *object,
                  const char *name,
                  HbState    *state)
{
  JsonObject *json = state_or_null (state);

  if (json != NULL)
    json_object_set_object_member (object, name, json);
  else
    json_object_set_null_member (object, name);
}

static void
report_clock (HbHost *self)
{
  gint64 now = hb_clock_get_now_usec (self->clock);
  gboolean frozen = hb_clock_get_frozen (self->clock);
  g_autofree char *text = NULL;
  JsonObject *obs;

  if (self->clock_reported && now == self->reported_now && frozen == self->reported_frozen)
    return;

  self->clock_reported = TRUE;
  self->reported_now = now;
  self->reported_frozen = frozen;

  text = format_usec (self->clock, now);
  obs = observation_new ("clock");
  set_nullable_string (obs, "now", text);
  json_object_set_boolean_member (obs, "frozen", frozen);
  emit (self, obs);
}

static void
clock_notify_cb (HbClock    *clock,
                 GParamSpec *pspec,
                 HbHost     *self)
{
  report_clock (self);
}

static void
state_changed_cb (HbStates   *states,
                  const char *entity_id,
                  HbState    *old_state,
                  HbState    *new_state,
                  HbHost     *self)
{
  JsonObject *obs = observation_new ("state");

  json_object_set_string_member (obs, "entity_id", entity_id);
  set_state_member (obs, "old", old_state);
  set_state_member (obs, "new", new_state);
  emit (self, obs);
}

static void
crash_guard_update (HbHost *self)
{
  HbTask *top = self->running->len > 0
                ? g_ptr_array_index (self->running, self->running->len - 1) : NULL;

  hb_crash_guard_set_task (top != NULL ? hb_task_get_name (top) : NULL);
}

/* Keeps self->running in step with the task's state. Tasks leave RUNNING in the reverse
 * order they entered it, so the search from the end is one step in practice. The crash
 * line is rendered again only when the innermost running task changed. */
static void
track_running (HbHost *self,
               HbTask *task)
{
  gboolean running = hb_task_get_state (task) == HB_TASK_RUNNING;
  gboolean changed = FALSE;

  for (guint i = self->running->len; i > 0; i--)
    {
      if (g_ptr_array_index (self->running, i - 1) != task)
        continue;

      if (running && i == self->running->len)
        return;
      changed = i == self->running->len;
      g_ptr_array_remove_index (self->running, i - 1);
      break;
    }

  if (running)
    {
      g_ptr_array_add (self->running, g_object_ref (task));
      changed = TRUE;
    }

  if (changed)
    crash_guard_update (self);
}

static void
task_cb (HbTaskBucket *bucket,
         HbTask       *task,
         HbHost       *self)
{
  track_running (self, task);
  emit (self, task_fill (self->clock, observation_new ("task"), task));
}

static void
call_recorded_cb (HbRecordingApi *api,
                  HbApiCall      *call,
                  HbHost         *self)
{
  emit (self, call_fill (self, observation_new ("call"), call));
}

static void
dispatched_cb (HbBus      *bus,
               HbEvent    *event,
               JsonObject *report,
               HbHost     *self)
{
  JsonObject *obs = observation_new ("dispatch");
  JsonObject *bus_event = hb_event_to_json (event);

  if (!json_object_has_member (bus_event, "seq"))
    json_object_set_int_member (bus_event, "seq", (gint64) hb_event_get_seq (event));
  json_object_set_object_member (obs, "bus_event", bus_event);
  /* Shared, not copied: emit() serialises it before the bus can touch it again. */
  json_object_set_object_member (obs, "report", json_object_ref (report));
  emit (self, obs);
}

static void
report_job (HbHost     *self,
            const char *action,
            HbJob      *job)
{
  JsonObject *obs = observation_new ("job");

  json_object_set_string_member (obs, "action", action);
  json_object_set_object_member (obs, "job",
                                 hb_job_to_json (job, hb_clock_get_time_zone (self->clock)));
  emit (self, obs);
}

static void
job_added_cb (HbScheduler *scheduler,
              HbJob       *job,
              HbHost      *self)
{
  report_job (self, "added", job);
}

/* A one-shot that fires is announced fired, then removed (status completed): the order
 * a consumer folding a batch by job name needs to drop it. */
static void
job_fired_cb (HbScheduler *scheduler,
              HbJob       *job,
              HbHost      *self)
{
  report_job (self, "fired", job);
}

static void
job_removed_cb (HbScheduler *scheduler,
                HbJob       *job,
                HbHost      *self)
{
  report_job (self, "removed", job);
}

static void
listeners_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      HbHost     *self)
{
  self->listeners_dirty = TRUE;
}

static void
report_listener (HbHost     *self,
                 const char *action,
                 const char *name,
                 HbListener *listener)
{
  JsonObject *obs = observation_new ("listener");

  json_object_set_string_member (obs, "action", action);
  json_object_set_string_member (obs, "name", name);
  if (listener != NULL)
    {
      g_autofree char *description = hb_listener_describe (listener);

      set_nullable_string (obs, "description", description);
    }
  emit (self, obs);
}

/* Compares the bus's listeners with those last reported, and reports the difference:
 * removals first (in the order they were added), then additions in registration order.
 * A listener replaced under the same name is reported as added again. Runs only after
 * the listener list changed, so a request that adds none costs nothing here. */
static void
sync_listeners (HbHost *self)
{
  g_autoptr(GHashTable) current = NULL;
  g_autoptr(GPtrArray) order = NULL;
  guint n;

  if (!self->listeners_dirty)
    return;
  self->listeners_dirty = FALSE;

  current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  order = g_ptr_array_new ();
  n = self->bus != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->bus)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbListener) listener = g_list_model_get_item (G_LIST_MODEL (self->bus), i);
      char *name = g_strdup (hb_listener_get_name (listener));

      g_hash_table_insert (current, name, g_object_ref (listener));
      g_ptr_array_add (order, name);
    }

  for (guint i = 0; i < self->reported_order->len; i++)
    {
      const char *name = g_ptr_array_index (self->reported_order, i);

      if (!g_hash_table_contains (current, name))
        report_listener (self, "removed", name, NULL);
    }

  for (guint i = 0; i < order->len; i++)
    {
      const char *name = g_ptr_array_index (order, i);
      HbListener *listener = g_hash_table_lookup (current, name);

      if (g_hash_table_lookup (self->reported_listeners, name) != listener)
        report_listener (self, "added", name, listener);
    }

  /* The names in @order are owned by @current, which becomes the reported set. */
  g_ptr_array_set_size (self->reported_order, 0);
  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (self->reported_order, g_ptr_array_index (order, i));
  g_clear_pointer (&self->reported_listeners, g_hash_table_unref);
  self->reported_listeners = g_steal_pointer (&current);
}

static void
watch_started (HbHost *self)
{
  HbBus *bus = hb_harness_get_bus (self->harness);
  HbScheduler *scheduler = hb_harness_get_scheduler (self->harness);

  if (bus != NULL && self->bus == NULL)
    {
      self->bus = g_object_ref (bus);
      self->dispatched_id = g_signal_connect (bus, "dispatched", G_CALLBACK (dispatched_cb), self);
      self->listeners_changed_id = g_signal_connect (bus, "items-changed",
                                                     G_CALLBACK (listeners_changed_cb), self);
      self->listeners_dirty = TRUE;
    }

  if (scheduler != NULL && self->scheduler == NULL)
    {
      self->scheduler = g_object_ref (scheduler);
      self->job_added_id = g_signal_connect (scheduler, "job-added",
                                             G_CALLBACK (job_added_cb), self);
      self->job_fired_id = g_signal_connect (scheduler, "job-fired",
                                             G_CALLBACK (job_fired_cb), self);
      self->job_removed_id = g_signal_connect (scheduler, "job-removed",
                                               G_CALLBACK (job_removed_cb), self);
    }
}

static void
watch_harness (HbHost *self)
{
  self->clock = g_object_ref (hb_harness_get_clock (self->harness));
  self->states = g_object_ref (hb_harness_get_states (self->harness));
  self->bucket = g_object_ref (hb_harness_get_task_bucket (self->harness));
  self->api = g_object_ref (hb_harness_get_api (self->harness));

  self->clock_now_id = g_signal_connect (self->clock, "notify::now",
                                         G_CALLBACK (clock_notify_cb), self);
  self->clock_frozen_id = g_signal_connect (self->clock, "notify::frozen",
                                            G_CALLBACK (clock_notify_cb), self);
  self->state_changed_id = g_signal_connect (self->states, "state-changed",
                                             G_CALLBACK (state_changed_cb), self);
  self->task_started_id = g_signal_connect (self->bucket, "task-started",
                                            G_CALLBACK (task_cb), self);
  self->task_changed_id = g_signal_connect (self->bucket, "task-changed",
                                            G_CALLBACK (task_cb), self);
  self->task_finished_id = g_signal_connect (self->bucket, "task-finished",
                                             G_CALLBACK (task_cb), self);
  self->call_recorded_id = g_signal_connect (self->api, "call-recorded",
                                             G_CALLBACK (call_recorded_cb), self);
}

static void
unwatch (HbHost *self)
{
  if (self->clock != NULL)
    {
      g_clear_signal_handler (&self->clock_now_id, self->clock);
      g_clear_signal_handler (&self->clock_frozen_id, self->clock);
    }
  if (self->states != NULL)
    g_clear_signal_handler (&self->state_changed_id, self->states);
  if (self->bucket != NULL)
    {
      g_clear_signal_handler (&self->task_started_id, self->bucket);
      g_clear_signal_handler (&self->task_changed_id, self->bucket);
      g_clear_signal_handler (&self->task_finished_id, self->bucket);
    }
  if (self->api != NULL)
    g_clear_signal_handler (&self->call_recorded_id, self->api);
  if (self->bus != NULL)
    {
      g_clear_signal_handler (&self->dispatched_id, self->bus);
      g_clear_signal_handler (&self->listeners_changed_id, self->bus);
    }
  if (self->scheduler != NULL)
    {
      g_clear_signal_handler (&self->job_added_id, self->scheduler);
      g_clear_signal_handler (&self->job_fired_id, self->scheduler);
      g_clear_signal_handler (&self->job_removed_id, self->scheduler);
    }

  g_clear_object (&self->clock);
  g_clear_object (&self->states);
  g_clear_object (&self->bucket);
  g_clear_object (&self->api);
  g_clear_object (&self->bus);
  g_clear_object (&self->scheduler);
  g_ptr_array_set_size (self->running, 0);
  hb_crash_guard_set_task (NULL);
}

/* Snapshot */

static JsonObject *
build_snapshot (HbHost *self)
{
  JsonObject *snapshot = json_object_new ();
  JsonObject *clock = json_object_new ();
  JsonArray *states = json_array_new ();
  JsonArray *jobs = json_array_new ();
  JsonArray *tasks = json_array_new ();
  JsonArray *listeners = json_array_new ();
  JsonArray *calls = json_array_new ();
  GTimeZone *zone = hb_clock_get_time_zone (self->clock);
  g_autofree char *now = format_usec (self->clock, hb_clock_get_now_usec (self->clock));
  g_autoptr(GPtrArray) live = hb_task_bucket_list_live (self->bucket);
  guint n;

  set_nullable_string (clock, "now", now);
  json_object_set_boolean_member (clock, "frozen", hb_clock_get_frozen (self->clock));
  json_object_set_string_member (clock, "time_zone", g_time_zone_get_identifier (zone));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->states));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbState) state = g_list_model_get_item (G_LIST_MODEL (self->states), i);

      json_array_add_object_element (states, hb_state_to_json (state));
    }

  if (self->scheduler != NULL)
    {
      g_autoptr(GPtrArray) list = hb_scheduler_list_jobs (self->scheduler, NULL);

      for (guint i = 0; i < list->len; i++)
        json_array_add_object_element (jobs, hb_job_to_json (g_ptr_array_index (list, i), zone));
    }

  for (guint i = 0; i < live->len; i++)
    {
      HbTask *task = g_ptr_array_index (live, i);

      json_array_add_object_element (tasks, task_fill (self->clock, json_object_new (), task));
    }

  n = self->bus != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->bus)) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbListener) listener = g_list_model_get_item (G_LIST_MODEL (self->bus), i);
      g_autofree char *description = hb_listener_describe (listener);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "name", hb_listener_get_name (listener));
      set_nullable_string (row, "description", description);
      json_array_add_object_element (listeners, row);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->api));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbApiCall) call = g_list_model_get_item (G_LIST_MODEL (self->api), i);

      json_array_add_object_element (calls, call_fill (self, json_object_new (), call));
    }

  json_object_set_object_member (snapshot, "clock", clock);
  json_object_set_array_member (snapshot, "states", states);
  json_object_set_array_member (snapshot, "jobs", jobs);
  json_object_set_array_member (snapshot, "tasks", tasks);
  json_object_set_array_member (snapshot, "listeners", listeners);
  json_object_set_array_member (snapshot, "calls", calls);
  return snapshot;
}

/* Params */

static gboolean
check_members_code (JsonObject          *object,
                    const char          *path,
                    const char * const  *allowed,
                    int                  code,
                    GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) allowed);

          g_set_error (error, HB_HOST_PROTOCOL_ERROR, code,
                       "%s.%s: unknown field; expected one of %s", path,
                       (const char *) l->data, list);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_members (JsonObject          *object,
               const char          *path,
               const char * const  *allowed,
               GError             **error)
{
  return check_members_code (object, path, allowed, HB_HOST_PROTOCOL_ERROR_INVALID_PARAMS,
                             error);
}

/* @value: (out) (transfer none): the object, or %NULL when absent or null */
static gboolean
get_object (JsonObject  *object,
            const char  *path,
            const char  *name,
            gboolean     required,
            JsonObject **value,
            GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  *value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_PARAMS,
                   "%s.%s: missing; expected an object", path, name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_PARAMS,
                   "%s.%s: expected an object", path, name);
      return FALSE;
    }

  *value = json_node_get_object (node);
  return TRUE;
}

/* @value: (out) (transfer none): the string, or %NULL when absent or null */
static gboolean
get_string (JsonObject  *object,
            const char  *path,
            const char  *name,
            const char **value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_PARAMS,
                   "%s.%s: expected a string", path, name);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
check_loaded (HbHost  *self,
              GError **error)
{
  if (self->harness != NULL)
    return TRUE;

  g_set_error_literal (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_WRONG_STATE,
                       "No app is loaded; send 'load' first");
  return FALSE;
}

/* Methods */

static JsonObject *
hello_method (HbHost      *self,
              JsonObject  *params,
              GError     **error)
{
  JsonObject *result = json_object_new ();

  json_object_set_string_member (result, "version", PACKAGE_VERSION);
  json_object_set_int_member (result, "abi", HB_ABI_VERSION);
  json_object_set_int_member (result, "pid", getpid ());
  return result;
}

/* A module named without an app id or type: its only app. */
static const char *
sole_app_id (HbHost      *self,
             const char  *module_path,
             GError     **error)
{
  HbModule *module = hb_app_registry_load_module (self->registry, module_path, error);
  g_autoptr(GString) list = NULL;
  guint n;

  if (module == NULL)
    return NULL;

  n = hb_module_get_n_apps (module);
  if (n == 1)
    return hb_module_get_app_id (module, 0);

  list = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", hb_module_get_app_id (module, i));

  g_set_error (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_PARAMS,
               "params.app: the module %s has %u apps (%s); name one with \"id\" or \"type\"",
               hb_module_get_path (module), n, n > 0 ? list->str : "none");
  return NULL;
}

/* The module and index that bring @type, among the modules loaded. Returns (transfer
 * none): the registry keeps its modules for the life of the process. */
static HbModule *
find_app_module (HbHost *self,
                 GType   type,
                 guint  *index)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->registry));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbModule) module = g_list_model_get_item (G_LIST_MODEL (self->registry), i);
      int found = hb_module_find_app_by_type_name (module, g_type_name (type));

      if (found >= 0)
        {
          *index = (guint) found;
          return module;
        }
    }

  return NULL;
}

static JsonObject *
describe_app (HbHost *self,
              GType   type)
{
  JsonObject *app = json_object_new ();
  guint index = 0;
  HbModule *module = find_app_module (self, type, &index);
  HbAppClass *klass = g_type_class_ref (type);

  if (module != NULL)
    {
      json_object_set_string_member (app, "id", hb_module_get_app_id (module, index));
      json_object_set_string_member (app, "type", g_type_name (type));
      json_object_set_string_member (app, "display_name",
                                     hb_module_get_app_display_name (module, index));
      set_nullable_string (app, "description", hb_module_get_app_description (module, index));
      json_object_set_string_member (app, "module", hb_module_get_path (module));
      if (hb_module_get_app_example_house (module, index) != NULL)
        json_object_set_object_member (app, "example_house",
                                       json_object_ref (hb_module_get_app_example_house (module,
                                                                                         index)));
      else
        json_object_set_null_member (app, "example_house");
    }
  else
    {
      json_object_set_null_member (app, "id");
      json_object_set_string_member (app, "type", g_type_name (type));
      json_object_set_string_member (app, "display_name", g_type_name (type));
      json_object_set_null_member (app, "description");
      json_object_set_null_member (app, "module");
      json_object_set_null_member (app, "example_house");
    }

  json_object_set_array_member (app, "config_schema",
                                hb_config_schema_to_json (hb_app_class_get_config_schema (klass)));
  g_type_class_unref (klass);

  return app;
}

/* Fills @scenario from the load params' "app" and "harness" objects. */
static gboolean
configure_scenario (HbHost      *self,
                    HbScenario  *scenario,
                    JsonObject  *app,
                    JsonObject  *harness,
                    GError     **error)
{
  static const char * const app_fields[] = { "id", "module", "type", NULL };
  static const char * const harness_fields[] = { "start_time", "time_zone", "seed", NULL };
  const char *id = NULL, *module = NULL, *type = NULL;
  const char *start_time = NULL, *time_zone = NULL;
  g_autofree char *now_text = NULL;

  if (!check_members (app, "params.app", app_fields, error) ||
      !get_string (app, "params.app", "id", &id, error) ||
      !get_string (app, "params.app", "module", &module, error) ||
      !get_string (app, "params.app", "type", &type, error))
    return FALSE;

  if (id == NULL && module == NULL)
    {
      g_set_error_literal (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_PARAMS,
                           "params.app: expected \"id\" (a bundled app) or \"module\" (a file)");
      return FALSE;
    }

  if (module != NULL && id == NULL && type == NULL)
    {
      id = sole_app_id (self, module, error);
      if (id == NULL)
        return FALSE;
    }

  hb_scenario_set_app_id (scenario, id);
  hb_scenario_set_app_module (scenario, module);
  hb_scenario_set_app_type (scenario, type);

  if (harness != NULL)
    {
      JsonNode *seed = json_object_get_member (harness, "seed");

      if (!check_members (harness, "params.harness", harness_fields, error) ||
          !get_string (harness, "params.harness", "start_time", &start_time, error) ||
          !get_string (harness, "params.harness", "time_zone", &time_zone, error))
        return FALSE;

      if (seed != NULL && !JSON_NODE_HOLDS_NULL (seed))
        {
          if (!JSON_NODE_HOLDS_VALUE (seed) || json_node_get_value_type (seed) != G_TYPE_INT64 ||
              json_node_get_int (seed) < 0)
            {
              g_set_error_literal (error, HB_HOST_PROTOCOL_ERROR,
                                   HB_HOST_PROTOCOL_ERROR_INVALID_PARAMS,
                                   "params.harness.seed: expected an integer >= 0");
              return FALSE;
            }
          hb_scenario_set_seed (scenario, (guint64) json_node_get_int (seed));
        }
    }

  /* The workbench wants a frozen clock: without a start time, freeze at the real time
   * now, whole seconds (so the times the user reads are round). */
  if (start_time == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (g_get_real_time () /
                                                                G_USEC_PER_SEC);

      now_text = hb_format_instant (now);
      start_time = now_text;
    }

  return hb_scenario_set_start_time (scenario, start_time, error) &&
         hb_scenario_set_time_zone (scenario, time_zone, error);
}

static JsonObject *
load_method (HbHost      *self,
             JsonObject  *params,
             GError     **error)
{
  static const char * const fields[] = { "app", "config", "harness", NULL };
  g_autoptr(HbScenario) scenario = hb_scenario_new ();
  g_autoptr(HbHarness) harness = NULL;
  JsonObject *app = NULL, *config = NULL, *harness_params = NULL;
  JsonObject *result;
  JsonObject *options;
  guint64 seed = 0;

  if (self->harness != NULL)
    {
      g_set_error_literal (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_WRONG_STATE,
                           "An app is already loaded; a host runs one app (start a new host "
                           "to load another)");
      return NULL;
    }

  if ((params != NULL && !check_members (params, "params", fields, error)) ||
      !get_object (params, "params", "app", TRUE, &app, error) ||
      !get_object (params, "params", "config", FALSE, &config, error) ||
      !get_object (params, "params", "harness", FALSE, &harness_params, error))
    return NULL;

  if (!configure_scenario (self, scenario, app, harness_params, error))
    return NULL;
  hb_scenario_set_config (scenario, config);

  harness = hb_scenario_create_harness (scenario, self->registry, error);
  if (harness == NULL)
    return NULL;

  self->harness = g_steal_pointer (&harness);
  self->pushed_context = g_main_context_ref (hb_harness_get_context (self->harness));
  g_main_context_push_thread_default (self->pushed_context);
  watch_harness (self);
  report_clock (self);

  result = json_object_new ();
  json_object_set_object_member (result, "app",
                                 describe_app (self, hb_harness_get_app_type (self->harness)));

  /* What the harness runs with, so a replay can ask for the same. */
  options = json_object_new ();
  json_object_set_string_member (options, "start_time", hb_scenario_get_start_time (scenario));
  json_object_set_string_member (options, "time_zone",
                                 hb_scenario_get_time_zone (scenario) != NULL
                                 ? hb_scenario_get_time_zone (scenario) : "UTC");
  hb_scenario_get_seed (scenario, &seed);
  json_object_set_int_member (options, "seed", (gint64) seed);
  json_object_set_object_member (result, "harness", options);

  return result;
}

static JsonObject *
start_method (HbHost      *self,
              JsonObject  *params,
              GError     **error)
{
  gboolean ok;

  if (!check_loaded (self, error))
    return NULL;

  ok = hb_harness_start (self->harness, error);
  /* Even a failed start may have made the bus and scheduler before tearing down. */
  watch_started (self);
  if (!ok)
    return NULL;

  return build_snapshot (self);
}

static JsonObject *
apply_method (HbHost      *self,
              JsonObject  *params,
              GError     **error)
{
  static const char * const fields[] = { "step", NULL };
  g_autoptr(HbStep) step = NULL;
  g_autoptr(HbOutcome) outcome = NULL;
  g_autoptr(GError) step_error = NULL;
  JsonObject *step_object = NULL;
  JsonObject *result;

  if (!check_loaded (self, error))
    return NULL;

  if ((params != NULL && !check_members (params, "params", fields, error)) ||
      !get_object (params, "params", "step", TRUE, &step_object, error))
    return NULL;

  /* A step that does not parse is the workbench's mistake: a protocol error carrying the
   * parser's own message, which names the field. */
  step = hb_step_new_from_object (step_object, error);
  if (step == NULL)
    return NULL;

  /* A step that fails is a result (its outcome says ok: false), not a protocol error. */
  if (!hb_harness_apply_step (self->harness, step, &outcome, &step_error) && outcome == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&step_error));
      return NULL;
    }

  /* A step can make the bus and scheduler appear only through start, but be safe. */
  watch_started (self);

  result = json_object_new ();
  json_object_set_object_member (result, "outcome", hb_outcome_to_json (outcome));
  return result;
}

static JsonObject *
snapshot_method (HbHost      *self,
                 JsonObject  *params,
                 GError     **error)
{
  if (!check_loaded (self, error))
    return NULL;

  return build_snapshot (self);
}

static JsonObject *
stop_method (HbHost      *self,
             JsonObject  *params,
             GError     **error)
{
  if (self->harness != NULL && !hb_harness_stop (self->harness, error))
    return NULL;

  return json_object_new ();
}

static JsonObject *
quit_method (HbHost      *self,
             JsonObject  *params,
             GError     **error)
{
  g_autoptr(GError) stop_error = NULL;

  /* Stopped here rather than on the way out, so what stopping does (listeners removed,
   * tasks cancelled) is observed before the answer. A failure cannot stop the exit. */
  if (self->harness != NULL && !hb_harness_stop (self->harness, &stop_error))
    g_warning ("Stopping the app before quitting: %s", stop_error->message);

  self->quit = TRUE;
  return json_object_new ();
}

static const struct {
  const char *name;
  MethodFunc  func;
} methods[] = {
  { "hello", hello_method },
  { "load", load_method },
  { "start", start_method },
  { "apply", apply_method },
  { "snapshot", snapshot_method },
  { "stop", stop_method },
  { "quit", quit_method },
};

/* Requests */

static void
respond (HbHost     *self,
         JsonNode   *id,
         JsonObject *result,
         GError     *error)
{
  g_autoptr(JsonObject) response = json_object_new ();

  if (id != NULL)
    json_object_set_member (response, "id", json_node_copy (id));
  else
    json_object_set_null_member (response, "id");

  if (error != NULL)
    {
      JsonObject *err = json_object_new ();

      json_object_set_string_member (err, "domain", g_quark_to_string (error->domain));
      json_object_set_int_member (err, "code", error->code);
      json_object_set_string_member (err, "message", error->message);
      json_object_set_object_member (response, "error", err);
    }
  else
    json_object_set_object_member (response, "result",
                                   result != NULL ? json_object_ref (result) : json_object_new ());

  hb_host_output_add (self->output, response);
}

/* Validates the envelope. @id: (out) (transfer none): the id when it is valid. */
static gboolean
parse_request (HbHost      *self,
               const char  *line,
               gsize        length,
               JsonNode   **id,
               const char **method,
               JsonObject **params,
               GError     **error)
{
  static const char * const fields[] = { "id", "method", "params", NULL };
  g_autoptr(GError) local_error = NULL;
  JsonObject *request;
  JsonNode *root;
  JsonNode *node;

  if (!json_parser_load_from_data (self->parser, line, (gssize) length, &local_error))
    {
      g_set_error (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_REQUEST,
                   "The request is not JSON: %s", local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (self->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_REQUEST,
                           "The request is not a JSON object");
      return FALSE;
    }
  request = json_node_get_object (root);

  node = json_object_get_member (request, "id");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) <= 0)
    {
      g_set_error_literal (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_REQUEST,
                           "id: expected a positive integer");
      return FALSE;
    }
  *id = node;

  node = json_object_get_member (request, "method");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error_literal (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_REQUEST,
                           "method: expected a string");
      return FALSE;
    }
  *method = json_node_get_string (node);

  if (!check_members_code (request, "request", fields, HB_HOST_PROTOCOL_ERROR_INVALID_REQUEST,
                           error))
    return FALSE;

  node = json_object_get_member (request, "params");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_INVALID_REQUEST,
                           "params: expected an object");
      return FALSE;
    }
  *params = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return TRUE;
}

void
hb_host_handle_line (HbHost     *self,
                     const char *line,
                     gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonNode *id = NULL;
  const char *method = NULL;
  JsonObject *params = NULL;

  g_return_if_fail (HB_IS_HOST (self));
  g_return_if_fail (line != NULL);

  if (parse_request (self, line, length, &id, &method, &params, &error))
    {
      MethodFunc func = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (methods) && func == NULL; i++)
        if (g_str_equal (methods[i].name, method))
          func = methods[i].func;

      if (func == NULL)
        g_set_error (&error, HB_HOST_PROTOCOL_ERROR, HB_HOST_PROTOCOL_ERROR_UNKNOWN_METHOD,
                     "Unknown method '%s'; expected hello, load, start, apply, snapshot, stop "
                     "or quit", method);
      else
        result = func (self, params, &error);

      g_assert (result != NULL || error != NULL);
    }

  /* Observations first, then the response: the workbench applies what the request did
   * before it sees that the request is done. */
  hb_host_sync (self);
  respond (self, id, result, error);
}

void
hb_host_sync (HbHost *self)
{
  g_return_if_fail (HB_IS_HOST (self));

  if (self->harness == NULL)
    return;

  report_clock (self);
  sync_listeners (self);
}

GMainContext *
hb_host_get_context (HbHost *self)
{
  g_return_val_if_fail (HB_IS_HOST (self), NULL);

  return self->harness != NULL ? hb_harness_get_context (self->harness) : NULL;
}

gboolean
hb_host_get_quit (HbHost *self)
{
  g_return_val_if_fail (HB_IS_HOST (self), TRUE);

  return self->quit;
}

void
hb_host_shutdown (HbHost *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HB_IS_HOST (self));

  if (self->harness != NULL && !hb_harness_stop (self->harness, &error))
    g_debug ("Stopping the harness on exit: %s", error->message);

  unwatch (self);
  g_clear_object (&self->harness);

  if (self->pushed_context != NULL)
    {
      g_main_context_pop_thread_default (self->pushed_context);
      g_clear_pointer (&self->pushed_context, g_main_context_unref);
    }
}

static void
hb_host_dispose (GObject *object)
{
  HbHost *self = HB_HOST (object);

  hb_host_shutdown (self);
  g_clear_object (&self->registry);
  g_clear_object (&self->parser);
  g_clear_object (&self->output);

  G_OBJECT_CLASS (hb_host_parent_class)->dispose (object);
}

static void
hb_host_finalize (GObject *object)
{
  HbHost *self = HB_HOST (object);

  g_clear_pointer (&self->reported_listeners, g_hash_table_unref);
  g_clear_pointer (&self->reported_order, g_ptr_array_unref);
  g_clear_pointer (&self->running, g_ptr_array_unref);

  G_OBJECT_CLASS (hb_host_parent_class)->finalize (object);
}

static void
hb_host_class_init (HbHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_host_dispose;
  object_class->finalize = hb_host_finalize;
}

static void
hb_host_init (HbHost *self)
{
  self->parser = json_parser_new_immutable ();
  self->registry = hb_app_registry_new ();
  self->reported_listeners = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                    g_free, g_object_unref);
  self->reported_order = g_ptr_array_new ();
  self->running = g_ptr_array_new_with_free_func (g_object_unref);
}

HbHost *
hb_host_new (HbHostOutput *output)
{
  HbHost *self;

  g_return_val_if_fail (HB_IS_HOST_OUTPUT (output), NULL);

  self = g_object_new (HB_TYPE_HOST, NULL);
  self->output = g_object_ref (output);
  return self;
}
