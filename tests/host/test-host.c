/* test-host.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * hassbench-host for real: each test spawns the built binary and speaks PROTOCOL.md to it,
 * either line by line over raw pipes (to see the exact order of observations and
 * responses and the crash line on standard error) or through HbHostClient, the
 * workbench's own client. The bundled motion-lights app is found through HB_APPS_PATH;
 * two test modules crash and hang on purpose.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hb-host-client.h"

#define WAIT_SECONDS   120  /* generous: the host may run under valgrind */
#define CALL_DEADLINE  120.0
#define HANG_DEADLINE  2.0
#define START_TIME     "2024-06-01T07:00:00+00:00"
#define MOTION         "binary_sensor.hallway_motion"

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Iterates the default context until *flag is set; a stuck test fails instead of hanging. */
static void
wait_for (gboolean   *flag,
          const char *what)
{
  guint guard = g_timeout_add_seconds (WAIT_SECONDS, fail_timeout_cb, (gpointer) what);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static const char *
host_path (void)
{
  const char *path = g_getenv ("HB_HOST_PATH");

  g_assert_nonnull (path);
  return path;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (root != NULL && JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* The node at a dotted @path ("job.name", "report.ran"), or NULL. */
static JsonNode *
lookup (JsonObject *object,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

/* The string at @path, or NULL when absent or not a string. */
static const char *
text_at (JsonObject *object,
         const char *path)
{
  JsonNode *node = lookup (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
int_at (JsonObject *object,
        const char *path)
{
  JsonNode *node = lookup (object, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return json_node_get_int (node);
}

static JsonObject *
object_at (JsonObject *object,
           const char *path)
{
  JsonNode *node = lookup (object, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static JsonArray *
array_at (JsonObject *object,
          const char *path)
{
  JsonNode *node = lookup (object, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* The index of the first observation of @kind whose @path is @value (@path NULL: any). */
static int
find_observation (GPtrArray  *observations,
                  const char *kind,
                  const char *path,
                  const char *value)
{
  for (guint i = 0; i < observations->len; i++)
    {
      JsonObject *obs = g_ptr_array_index (observations, i);

      if (g_strcmp0 (text_at (obs, "event"), kind) != 0)
        continue;
      if (path == NULL || g_strcmp0 (text_at (obs, path), value) == 0)
        return (int) i;
    }
  return -1;
}

/* A task observation of @name in @state. */
static int
find_task (GPtrArray  *observations,
           const char *name,
           const char *state)
{
  for (guint i = 0; i < observations->len; i++)
    {
      JsonObject *obs = g_ptr_array_index (observations, i);

      if (g_strcmp0 (text_at (obs, "event"), "task") == 0 &&
          g_strcmp0 (text_at (obs, "name"), name) == 0 &&
          g_strcmp0 (text_at (obs, "state"), state) == 0)
        return (int) i;
    }
  return -1;
}

static GPtrArray *
observations_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

/*
 * A host over raw pipes.
 */
typedef struct
{
  GSubprocess      *process;
  GOutputStream    *input;
  GDataInputStream *output;
  GInputStream     *errors;
  gint64            next_id;
} RawHost;

static RawHost *
raw_host_new (void)
{
  const char *argv[] = { host_path (), NULL };
  g_autoptr(GError) error = NULL;
  RawHost *host = g_new0 (RawHost, 1);

  host->process = g_subprocess_newv (argv,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                     &error);
  g_assert_no_error (error);
  host->input = g_subprocess_get_stdin_pipe (host->process);
  host->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (host->process));
  host->errors = g_subprocess_get_stderr_pipe (host->process);
  host->next_id = 1;
  return host;
}

static void
raw_host_free (RawHost *host)
{
  g_subprocess_force_exit (host->process);
  g_clear_object (&host->output);
  g_clear_object (&host->process);
  g_free (host);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawHost, raw_host_free)

typedef struct
{
  gboolean  done;
  char     *line;
  GBytes   *bytes;
} ReadData;

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ReadData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                          NULL, &error);
  g_assert_no_error (error);
  data->done = TRUE;
}

/* The next line of standard output as an object, or NULL at the end. */
static JsonObject *
raw_host_read (RawHost *host)
{
  ReadData data = { 0 };
  g_autofree char *line = NULL;

  g_data_input_stream_read_line_async (host->output, G_PRIORITY_DEFAULT, NULL, read_line_cb,
                                       &data);
  wait_for (&data.done, "a line from the host");
  line = data.line;
  if (line == NULL)
    return NULL;

  g_assert_null (strchr (line, '\r'));
  return parse_object (line);
}

static void
raw_host_write (RawHost    *host,
                const char *line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strconcat (line, "\n", NULL);

  g_output_stream_write_all (host->input, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

/*
 * Sends a request and reads up to its response. The lines before it are observations:
 * they have no id and are added to @observations. Returns the response.
 */
static JsonObject *
raw_host_request (RawHost    *host,
                  const char *method,
                  const char *params_json,
                  GPtrArray  *observations)
{
  gint64 id = host->next_id++;
  g_autofree char *line = NULL;

  if (params_json != NULL)
    line = g_strdup_printf ("{\"id\": %" G_GINT64_FORMAT ", \"method\": \"%s\", \"params\": %s}",
                            id, method, params_json);
  else
    line = g_strdup_printf ("{\"id\": %" G_GINT64_FORMAT ", \"method\": \"%s\"}", id, method);
  raw_host_write (host, line);

  for (;;)
    {
      g_autoptr(JsonObject) object = raw_host_read (host);

      g_assert_nonnull (object);
      if (json_object_has_member (object, "id"))
        {
          /* Exactly one response per request, in order. */
          g_assert_cmpint (json_object_get_int_member (object, "id"), ==, id);
          return g_steal_pointer (&object);
        }

      g_assert_nonnull (text_at (object, "event"));
      /* The host's own warnings and criticals become log lines: none may appear. */
      if (g_strcmp0 (text_at (object, "event"), "log") == 0 &&
          g_strcmp0 (text_at (object, "level"), "message") != 0)
        g_error ("the host logged %s: %s", text_at (object, "level"), text_at (object, "message"));
      if (observations != NULL)
        g_ptr_array_add (observations, g_steal_pointer (&object));
    }
}

/* The result of a request that must succeed. */
static JsonObject *
raw_host_call (RawHost    *host,
               const char *method,
               const char *params_json,
               GPtrArray  *observations)
{
  g_autoptr(JsonObject) response = raw_host_request (host, method, params_json, observations);

  if (json_object_has_member (response, "error"))
    g_error ("'%s' failed: %s", method, text_at (response, "error.message"));
  return json_object_ref (object_at (response, "result"));
}

/* The error of a request that must fail. */
static JsonObject *
raw_host_call_error (RawHost    *host,
                     const char *method,
                     const char *params_json)
{
  g_autoptr(JsonObject) response = raw_host_request (host, method, params_json, NULL);

  g_assert_false (json_object_has_member (response, "result"));
  return json_object_ref (object_at (response, "error"));
}

/* The outcome of an apply. */
static JsonObject *
raw_host_apply (RawHost    *host,
                const char *step_json,
                GPtrArray  *observations)
{
  g_autofree char *params = g_strdup_printf ("{\"step\": %s}", step_json);
  g_autoptr(JsonObject) result = raw_host_call (host, "apply", params, observations);

  return json_object_ref (object_at (result, "outcome"));
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

static void
raw_host_wait (RawHost *host)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (host->process, NULL, wait_cb, &done);
  wait_for (&done, "the host to exit");
}

static void
read_bytes_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ReadData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  g_assert_no_error (error);
  data->done = TRUE;
}

/* Everything the host wrote to standard error, up to its end. */
static char *
raw_host_read_errors (RawHost *host)
{
  GString *text = g_string_new (NULL);

  for (;;)
    {
      ReadData data = { 0 };
      g_autoptr(GBytes) bytes = NULL;

      g_input_stream_read_bytes_async (host->errors, 4096, G_PRIORITY_DEFAULT, NULL,
                                       read_bytes_cb, &data);
      wait_for (&data.done, "standard error");
      bytes = data.bytes;
      if (g_bytes_get_size (bytes) == 0)
        break;
      g_string_append_len (text, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }

  return g_string_free (text, FALSE);
}

static void
raw_host_quit (RawHost *host)
{
  g_autoptr(JsonObject) result = raw_host_call (host, "quit", NULL, NULL);
  g_autoptr(JsonObject) after = NULL;

  g_assert_cmpuint (json_object_get_size (result), ==, 0);
  after = raw_host_read (host);
  g_assert_null (after);
  raw_host_wait (host);
  g_assert_true (g_subprocess_get_if_exited (host->process));
  g_assert_cmpint (g_subprocess_get_exit_status (host->process), ==, 0);
}

static RawHost *
raw_host_new_motion_lights (void)
{
  RawHost *host = raw_host_new ();
  g_autoptr(JsonObject) loaded = NULL;
  g_autoptr(JsonObject) started = NULL;

  loaded = raw_host_call (host, "load",
                          "{\"app\": {\"id\": \"motion-lights\"},"
                          " \"harness\": {\"start_time\": \"" START_TIME "\"}}", NULL);
  started = raw_host_call (host, "start", NULL, NULL);
  return host;
}

/*
 * Raw protocol tests.
 */

static void
test_hello (void)
{
  g_autoptr(RawHost) host = raw_host_new ();
  g_autoptr(JsonObject) result = raw_host_call (host, "hello", NULL, NULL);
  g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, int_at (result, "pid"));

  g_assert_cmpstr (text_at (result, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (int_at (result, "abi"), ==, 1);
  g_assert_cmpstr (pid, ==, g_subprocess_get_identifier (host->process));

  raw_host_quit (host);
}

static void
test_end_of_input (void)
{
  g_autoptr(RawHost) host = raw_host_new ();
  g_autoptr(JsonObject) result = raw_host_call (host, "hello", NULL, NULL);
  g_autoptr(GError) error = NULL;

  /* The workbench closing the pipe ends the host cleanly. */
  g_output_stream_close (host->input, NULL, &error);
  g_assert_no_error (error);
  raw_host_wait (host);
  g_assert_true (g_subprocess_get_if_exited (host->process));
  g_assert_cmpint (g_subprocess_get_exit_status (host->process), ==, 0);
}

static void
test_load_and_start (void)
{
  g_autoptr(RawHost) host = raw_host_new ();
  g_autoptr(GPtrArray) load_obs = observations_new ();
  g_autoptr(GPtrArray) start_obs = observations_new ();
  g_autoptr(JsonObject) loaded = NULL;
  g_autoptr(JsonObject) snapshot = NULL;
  JsonObject *app;
  JsonArray *schema;
  gboolean has_sensor = FALSE;
  int clock;
  int listener;

  loaded = raw_host_call (host, "load",
                          "{\"app\": {\"id\": \"motion-lights\"}, \"config\": {\"light\": "
                          "\"light.porch\"}, \"harness\": {\"start_time\": \"" START_TIME "\","
                          " \"time_zone\": \"Europe/Berlin\", \"seed\": 7}}", load_obs);

  app = object_at (loaded, "app");
  g_assert_cmpstr (text_at (app, "id"), ==, "motion-lights");
  g_assert_cmpstr (text_at (app, "type"), ==, "MotionLights");
  g_assert_cmpstr (text_at (app, "display_name"), ==, "Motion lights");
  schema = array_at (app, "config_schema");
  for (guint i = 0; i < json_array_get_length (schema); i++)
    {
      JsonObject *field = json_array_get_object_element (schema, i);

      if (g_strcmp0 (text_at (field, "name"), "motion_sensor") == 0)
        {
          has_sensor = TRUE;
          g_assert_cmpstr (text_at (field, "type"), ==, "entity_id");
          g_assert_cmpstr (text_at (field, "default"), ==, MOTION);
        }
    }
  g_assert_true (has_sensor);
  g_assert_cmpstr (text_at (loaded, "harness.start_time"), ==, START_TIME);
  g_assert_cmpstr (text_at (loaded, "harness.time_zone"), ==, "Europe/Berlin");
  g_assert_cmpint (int_at (loaded, "harness.seed"), ==, 7);

  /* The frozen clock is observed before the load's response. */
  clock = find_observation (load_obs, "clock", NULL, NULL);
  g_assert_cmpint (clock, >=, 0);
  g_assert_true (json_object_get_boolean_member (g_ptr_array_index (load_obs, clock), "frozen"));
  g_assert_cmpstr (text_at (g_ptr_array_index (load_obs, clock), "now"), ==,
                   "2024-06-01T09:00:00+02:00");

  snapshot = raw_host_call (host, "start", NULL, start_obs);
  listener = find_observation (start_obs, "listener", "name", "motion_sensor");
  g_assert_cmpint (listener, >=, 0);
  g_assert_cmpstr (text_at (g_ptr_array_index (start_obs, listener), "action"), ==, "added");
  g_assert_nonnull (strstr (text_at (g_ptr_array_index (start_obs, listener), "description"),
                            MOTION));
  g_assert_cmpint (find_task (start_obs, "app:initialize", "done"), >=, 0);

  g_assert_cmpstr (text_at (snapshot, "clock.now"), ==, "2024-06-01T09:00:00+02:00");
  g_assert_cmpstr (text_at (snapshot, "clock.time_zone"), ==, "Europe/Berlin");
  g_assert_true (json_object_get_boolean_member (object_at (snapshot, "clock"), "frozen"));
  g_assert_cmpuint (json_array_get_length (array_at (snapshot, "listeners")), ==, 1);
  g_assert_cmpstr (text_at (json_array_get_object_element (array_at (snapshot, "listeners"), 0),
                            "name"), ==, "motion_sensor");
  g_assert_cmpuint (json_array_get_length (array_at (snapshot, "states")), ==, 0);
  g_assert_cmpuint (json_array_get_length (array_at (snapshot, "jobs")), ==, 0);
  g_assert_cmpuint (json_array_get_length (array_at (snapshot, "tasks")), ==, 0);
  g_assert_cmpuint (json_array_get_length (array_at (snapshot, "calls")), ==, 0);

  raw_host_quit (host);
}

static void
test_default_start_time (void)
{
  g_autoptr(RawHost) host = raw_host_new ();
  g_autoptr(JsonObject) loaded = NULL;
  g_autoptr(JsonObject) snapshot = NULL;
  g_autoptr(GDateTime) start = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 after;

  loaded = raw_host_call (host, "load", "{\"app\": {\"id\": \"motion-lights\"}}", NULL);
  after = g_get_real_time () / G_USEC_PER_SEC;

  /* Frozen at the real time of the load, in whole seconds. */
  start = g_date_time_new_from_iso8601 (text_at (loaded, "harness.start_time"), NULL);
  g_assert_nonnull (start);
  g_assert_cmpint (g_date_time_get_microsecond (start), ==, 0);
  g_assert_cmpint (g_date_time_to_unix (start), >=, before);
  g_assert_cmpint (g_date_time_to_unix (start), <=, after);
  g_assert_cmpstr (text_at (loaded, "harness.time_zone"), ==, "UTC");

  snapshot = raw_host_call (host, "start", NULL, NULL);
  g_assert_true (json_object_get_boolean_member (object_at (snapshot, "clock"), "frozen"));
  g_assert_cmpstr (text_at (snapshot, "clock.now"), ==, text_at (loaded, "harness.start_time"));

  raw_host_quit (host);
}

static void
test_motion_lights_session (void)
{
  g_autoptr(RawHost) host = raw_host_new_motion_lights ();
  g_autoptr(GPtrArray) obs = observations_new ();
  g_autoptr(JsonObject) outcome = NULL;
  g_autoptr(JsonObject) snapshot = NULL;
  g_autoptr(JsonObject) stopped = NULL;
  JsonObject *dispatch;
  JsonObject *call;
  JsonObject *job;
  int i;

  outcome = raw_host_apply (host, "{\"kind\": \"set_state\", \"entity_id\": \"" MOTION "\","
                                  " \"state\": \"off\"}", obs);
  g_assert_true (json_object_get_boolean_member (outcome, "ok"));
  i = find_observation (obs, "state", "entity_id", MOTION);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpstr (text_at (g_ptr_array_index (obs, i), "new.state"), ==, "off");
  g_clear_pointer (&outcome, json_object_unref);
  g_ptr_array_set_size (obs, 0);

  /* Motion: every observation of the step comes before its response. */
  outcome = raw_host_apply (host, "{\"kind\": \"simulate_state_change\", \"entity_id\": \""
                                  MOTION "\", \"old_value\": \"off\", \"new_value\": \"on\"}",
                            obs);
  g_assert_true (json_object_get_boolean_member (outcome, "ok"));
  g_assert_cmpstr (text_at (outcome, "kind"), ==, "simulate_state_change");
  g_assert_cmpstr (text_at (json_array_get_object_element (array_at (outcome, "calls"), 0),
                            "method"), ==, "turn_on");
  g_assert_cmpstr (text_at (outcome, "clock"), ==, START_TIME);

  i = find_observation (obs, "state", "entity_id", MOTION);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpstr (text_at (g_ptr_array_index (obs, i), "old.state"), ==, "off");
  g_assert_cmpstr (text_at (g_ptr_array_index (obs, i), "new.state"), ==, "on");

  i = find_observation (obs, "dispatch", "bus_event.topic", "hass.event.state_changed");
  g_assert_cmpint (i, >=, 0);
  dispatch = g_ptr_array_index (obs, i);
  g_assert_true (array_has_string (array_at (dispatch, "report.ran"), "motion_sensor"));
  g_assert_cmpstr (text_at (dispatch, "bus_event.data.entity_id"), ==, MOTION);

  g_assert_cmpint (find_task (obs, "handler:motion_sensor", "pending"), >=, 0);
  g_assert_cmpint (find_task (obs, "handler:motion_sensor", "running"), >,
                   find_task (obs, "handler:motion_sensor", "pending"));
  g_assert_cmpint (find_task (obs, "handler:motion_sensor", "done"), >,
                   find_task (obs, "handler:motion_sensor", "running"));
  /* Every task line says when (on the harness clock) the task was made. */
  g_assert_cmpstr (text_at (g_ptr_array_index (obs, find_task (obs, "handler:motion_sensor",
                                                               "done")), "created"),
                   ==, START_TIME);

  i = find_observation (obs, "call", "method", "turn_on");
  g_assert_cmpint (i, >=, 0);
  call = g_ptr_array_index (obs, i);
  g_assert_cmpint (int_at (call, "index"), ==, 0);
  g_assert_cmpstr (text_at (call, "kwargs.entity_id"), ==, "light.hallway");
  g_assert_cmpstr (text_at (call, "time"), ==, START_TIME);
  /* The call happened while the handler ran. */
  g_assert_cmpint (i, >, find_task (obs, "handler:motion_sensor", "running"));
  g_assert_cmpint (i, <, find_task (obs, "handler:motion_sensor", "done"));
  g_clear_pointer (&outcome, json_object_unref);
  g_ptr_array_set_size (obs, 0);

  /* No motion: the off job is scheduled five minutes ahead. */
  outcome = raw_host_apply (host, "{\"kind\": \"simulate_state_change\", \"entity_id\": \""
                                  MOTION "\", \"old_value\": \"on\", \"new_value\": \"off\"}",
                            obs);
  g_assert_true (json_object_get_boolean_member (outcome, "ok"));
  i = find_observation (obs, "job", "job.name", "motion_lights_off");
  g_assert_cmpint (i, >=, 0);
  job = g_ptr_array_index (obs, i);
  g_assert_cmpstr (text_at (job, "action"), ==, "added");
  g_assert_cmpstr (text_at (job, "job.next_run"), ==, "2024-06-01T07:05:00+00:00");
  g_assert_cmpstr (text_at (job, "job.status"), ==, "scheduled");
  g_clear_pointer (&outcome, json_object_unref);
  g_ptr_array_set_size (obs, 0);

  snapshot = raw_host_call (host, "snapshot", NULL, NULL);
  g_assert_cmpuint (json_array_get_length (array_at (snapshot, "jobs")), ==, 1);
  job = json_array_get_object_element (array_at (snapshot, "jobs"), 0);
  g_assert_cmpstr (text_at (job, "name"), ==, "motion_lights_off");
  g_assert_cmpstr (text_at (job, "next_run"), ==, "2024-06-01T07:05:00+00:00");
  g_assert_cmpuint (json_array_get_length (array_at (snapshot, "states")), ==, 1);
  g_assert_cmpstr (text_at (json_array_get_object_element (array_at (snapshot, "states"), 0),
                            "state"), ==, "off");
  g_assert_cmpuint (json_array_get_length (array_at (snapshot, "calls")), ==, 1);
  g_assert_cmpstr (text_at (json_array_get_object_element (array_at (snapshot, "calls"), 0),
                            "kwargs.entity_id"), ==, "light.hallway");
  g_assert_cmpuint (json_array_get_length (array_at (snapshot, "tasks")), ==, 0);
  g_assert_cmpstr (text_at (snapshot, "clock.now"), ==, START_TIME);

  /* The next job: the clock moves, the job fires, the light goes off. */
  outcome = raw_host_apply (host, "{\"kind\": \"next_job\"}", obs);
  g_assert_true (json_object_get_boolean_member (outcome, "ok"));
  g_assert_cmpint (int_at (outcome, "jobs_fired"), ==, 1);
  i = find_observation (obs, "clock", NULL, NULL);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpstr (text_at (g_ptr_array_index (obs, i), "now"), ==, "2024-06-01T07:05:00+00:00");
  g_assert_cmpint (find_observation (obs, "job", "action", "fired"), >, i);
  /* A one-shot is gone once it fired: removed comes after fired, with status completed. */
  i = find_observation (obs, "job", "action", "removed");
  g_assert_cmpint (i, >, find_observation (obs, "job", "action", "fired"));
  g_assert_cmpstr (text_at (g_ptr_array_index (obs, i), "job.status"), ==, "completed");
  g_assert_cmpint (find_task (obs, "job:motion_lights_off", "done"), >=, 0);
  i = find_observation (obs, "call", "method", "turn_off");
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (int_at (g_ptr_array_index (obs, i), "index"), ==, 1);
  g_clear_pointer (&outcome, json_object_unref);
  g_ptr_array_set_size (obs, 0);

  /* A failed expectation is a result, not a protocol error. */
  outcome = raw_host_apply (host, "{\"kind\": \"expect_not_called\", \"method\": \"turn_off\"}",
                            NULL);
  g_assert_false (json_object_get_boolean_member (outcome, "ok"));
  g_assert_cmpstr (text_at (outcome, "error.domain"), ==, "hb-assertion-error-quark");
  g_clear_pointer (&outcome, json_object_unref);

  /* stop: the listener goes, observed before the answer; the process stays. */
  stopped = raw_host_call (host, "stop", NULL, obs);
  g_assert_cmpuint (json_object_get_size (stopped), ==, 0);
  i = find_observation (obs, "listener", "name", "motion_sensor");
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpstr (text_at (g_ptr_array_index (obs, i), "action"), ==, "removed");

  outcome = raw_host_apply (host, "{\"kind\": \"simulate_state_change\", \"entity_id\": \""
                                  MOTION "\", \"old_value\": \"off\", \"new_value\": \"on\"}",
                            NULL);
  g_assert_false (json_object_get_boolean_member (outcome, "ok"));
  g_assert_cmpstr (text_at (outcome, "error.domain"), ==, "hb-harness-error-quark");

  raw_host_quit (host);
}

static void
assert_protocol_error (JsonObject *error,
                       const char *domain,
                       const char *message_part)
{
  g_assert_cmpstr (text_at (error, "domain"), ==, domain);
  g_assert_cmpint (int_at (error, "code"), >, 0);
  if (strstr (text_at (error, "message"), message_part) == NULL)
    g_error ("expected '%s' in '%s'", message_part, text_at (error, "message"));
}

static void
test_bad_step (void)
{
  g_autoptr(RawHost) host = raw_host_new_motion_lights ();
  g_autoptr(JsonObject) error = NULL;

  /* A step that does not parse is a protocol error carrying the parser's message, which
   * names the field. */
  error = raw_host_call_error (host, "apply", "{\"step\": {\"kind\": \"step\", \"by\": \"8am\"}}");
  assert_protocol_error (error, "hb-scenario-error-quark", "by:");
  assert_protocol_error (error, "hb-scenario-error-quark", "8am");
  g_clear_pointer (&error, json_object_unref);

  error = raw_host_call_error (host, "apply",
                               "{\"step\": {\"kind\": \"simulate_state_change\","
                               " \"old_value\": \"off\", \"new_value\": \"on\"}}");
  assert_protocol_error (error, "hb-scenario-error-quark", "entity_id");
  g_clear_pointer (&error, json_object_unref);

  error = raw_host_call_error (host, "apply", "{\"step\": {\"kind\": \"simulate_foo\"}}");
  assert_protocol_error (error, "hb-scenario-error-quark", "simulate_foo");
  g_clear_pointer (&error, json_object_unref);

  error = raw_host_call_error (host, "apply", "{}");
  assert_protocol_error (error, "hb-host-protocol-error-quark", "params.step");
  g_clear_pointer (&error, json_object_unref);

  error = raw_host_call_error (host, "apply", "{\"step\": [1]}");
  assert_protocol_error (error, "hb-host-protocol-error-quark", "params.step");

  raw_host_quit (host);
}

static void
test_bad_requests (void)
{
  g_autoptr(RawHost) host = raw_host_new ();
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(JsonObject) loaded = NULL;

  /* Not a request: answered with a null id, and the host goes on. */
  raw_host_write (host, "this is not json");
  response = raw_host_read (host);
  g_assert_true (json_object_get_null_member (response, "id"));
  assert_protocol_error (object_at (response, "error"), "hb-host-protocol-error-quark", "JSON");
  g_clear_pointer (&response, json_object_unref);

  raw_host_write (host, "{\"id\": -3, \"method\": \"hello\"}");
  response = raw_host_read (host);
  g_assert_true (json_object_get_null_member (response, "id"));
  assert_protocol_error (object_at (response, "error"), "hb-host-protocol-error-quark", "id");
  g_clear_pointer (&response, json_object_unref);

  /* A usable id is answered with it, whatever else is wrong. */
  raw_host_write (host, "{\"id\": 100, \"method\": \"hello\", \"colour\": \"red\"}");
  response = raw_host_read (host);
  g_assert_cmpint (int_at (response, "id"), ==, 100);
  assert_protocol_error (object_at (response, "error"), "hb-host-protocol-error-quark",
                         "request.colour");
  g_assert_cmpint (int_at (response, "error.code"), ==, 1);
  g_clear_pointer (&response, json_object_unref);

  raw_host_write (host, "{\"id\": 101, \"method\": \"hello\", \"params\": [1]}");
  response = raw_host_read (host);
  g_assert_cmpint (int_at (response, "id"), ==, 101);
  assert_protocol_error (object_at (response, "error"), "hb-host-protocol-error-quark", "params");
  g_clear_pointer (&response, json_object_unref);

  error = raw_host_call_error (host, "frobnicate", NULL);
  g_assert_cmpint (int_at (error, "code"), ==, 2);
  assert_protocol_error (error, "hb-host-protocol-error-quark", "frobnicate");
  g_clear_pointer (&error, json_object_unref);

  error = raw_host_call_error (host, "start", NULL);
  assert_protocol_error (error, "hb-host-protocol-error-quark", "load");
  g_assert_cmpint (int_at (error, "code"), ==, 4);
  g_clear_pointer (&error, json_object_unref);

  error = raw_host_call_error (host, "load", "{\"app\": {\"id\": \"no-such-app\"}}");
  assert_protocol_error (error, "hb-module-error-quark", "no-such-app");
  g_clear_pointer (&error, json_object_unref);

  error = raw_host_call_error (host, "load", "{\"app\": {\"id\": \"motion-lights\", "
                                             "\"colour\": \"red\"}}");
  assert_protocol_error (error, "hb-host-protocol-error-quark", "params.app.colour");
  g_assert_cmpint (int_at (error, "code"), ==, 3);
  g_clear_pointer (&error, json_object_unref);

  error = raw_host_call_error (host, "load", "{\"app\": {\"id\": \"motion-lights\"}, "
                                             "\"harness\": {\"start_time\": \"8am\"}}");
  assert_protocol_error (error, "hb-scenario-error-quark", "start_time");
  g_clear_pointer (&error, json_object_unref);

  error = raw_host_call_error (host, "load", "{\"app\": {\"id\": \"motion-lights\"}, "
                                             "\"harness\": {\"seed\": -1}}");
  assert_protocol_error (error, "hb-host-protocol-error-quark", "params.harness.seed");
  g_clear_pointer (&error, json_object_unref);

  /* A config the app refuses loads (the workbench needs the schema to show the form);
   * start names the field. */
  loaded = raw_host_call (host, "load", "{\"app\": {\"id\": \"motion-lights\"}, "
                                        "\"config\": {\"off_delay_seconds\": \"soon\"}}", NULL);
  g_assert_nonnull (array_at (loaded, "app.config_schema"));
  error = raw_host_call_error (host, "start", NULL);
  assert_protocol_error (error, "hb-config-error-quark", "off_delay_seconds");
  g_clear_pointer (&error, json_object_unref);

  /* One app per host. */
  error = raw_host_call_error (host, "load", "{\"app\": {\"id\": \"motion-lights\"}}");
  assert_protocol_error (error, "hb-host-protocol-error-quark", "already loaded");

  raw_host_quit (host);
}

static void
test_log_lines (void)
{
  g_autoptr(RawHost) host = raw_host_new ();
  g_autoptr(GPtrArray) obs = observations_new ();
  g_autofree char *params = NULL;
  g_autoptr(JsonObject) loaded = NULL;
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) outcome = NULL;
  g_autofree char *errors = NULL;
  JsonObject *log;
  int i;

  /* A module with one app needs no id. */
  params = g_strdup_printf ("{\"app\": {\"module\": \"%s\"}}", g_getenv ("HB_TEST_CRASH_MODULE"));
  loaded = raw_host_call (host, "load", params, NULL);
  g_assert_cmpstr (text_at (loaded, "app.id"), ==, "test-crash-app");
  started = raw_host_call (host, "start", NULL, NULL);

  outcome = raw_host_apply (host, "{\"kind\": \"simulate_state_change\", \"entity_id\": "
                                  "\"binary_sensor.boom\", \"old_value\": \"off\", "
                                  "\"new_value\": \"log\"}", obs);
  g_assert_true (json_object_get_boolean_member (outcome, "ok"));

  i = find_observation (obs, "log", "message", "crash app saw binary_sensor.boom");
  g_assert_cmpint (i, >=, 0);
  log = g_ptr_array_index (obs, i);
  g_assert_cmpstr (text_at (log, "level"), ==, "message");
  g_assert_cmpstr (text_at (log, "domain"), ==, "Hb-Test-Crash");

  raw_host_quit (host);

  /* Log lines stay off standard error. */
  errors = raw_host_read_errors (host);
  g_assert_null (strstr (errors, "crash app saw"));
}

static void
test_crash_line (void)
{
  g_autoptr(RawHost) host = raw_host_new ();
  g_autofree char *params = NULL;
  g_autoptr(JsonObject) loaded = NULL;
  g_autoptr(JsonObject) started = NULL;
  g_autofree char *errors = NULL;

  params = g_strdup_printf ("{\"app\": {\"module\": \"%s\", \"id\": \"test-crash-app\"}}",
                            g_getenv ("HB_TEST_CRASH_MODULE"));
  loaded = raw_host_call (host, "load", params, NULL);
  started = raw_host_call (host, "start", NULL, NULL);

  raw_host_write (host, "{\"id\": 99, \"method\": \"apply\", \"params\": {\"step\": "
                        "{\"kind\": \"simulate_state_change\", \"entity_id\": "
                        "\"binary_sensor.boom\", \"old_value\": \"off\", "
                        "\"new_value\": \"crash\"}}}");

  /* No response comes: the output ends. */
  for (;;)
    {
      g_autoptr(JsonObject) line = raw_host_read (host);

      if (line == NULL)
        break;
      g_assert_false (json_object_has_member (line, "id"));
    }

  errors = raw_host_read_errors (host);
  raw_host_wait (host);

  g_assert_true (g_subprocess_get_if_signaled (host->process));
  g_assert_cmpint (g_subprocess_get_term_sig (host->process), ==, SIGSEGV);
  if (strstr (errors,
              "{\"event\": \"crash\", \"signal\": 11, \"task\": \"handler:boom\"}\n") == NULL)
    g_error ("no crash line naming handler:boom in: %s", errors);
}

/*
 * Through HbHostClient, as the workbench talks to the host.
 */
typedef struct
{
  HbHostClient *client;
  JsonObject   *result;
  GError       *error;
  gboolean      done;
  gboolean      exited;
  GPtrArray    *observations;
} Client;

static void
observations_cb (HbHostClient *client,
                 GPtrArray    *batch,
                 Client       *c)
{
  for (guint i = 0; i < batch->len; i++)
    g_ptr_array_add (c->observations, json_object_ref (g_ptr_array_index (batch, i)));
}

static void
exited_cb (HbHostClient *client,
           Client       *c)
{
  c->exited = TRUE;
}

static void
client_setup (Client        *c,
              gconstpointer  data)
{
  const char *argv[] = { host_path (), NULL };
  g_autoptr(GError) error = NULL;

  c->observations = observations_new ();
  c->client = hb_host_client_new (argv);
  g_signal_connect (c->client, "observations", G_CALLBACK (observations_cb), c);
  g_signal_connect (c->client, "exited", G_CALLBACK (exited_cb), c);
  g_assert_true (hb_host_client_spawn (c->client, &error));
  g_assert_no_error (error);
}

static void
client_teardown (Client        *c,
                 gconstpointer  data)
{
  hb_host_client_terminate (c->client);
  if (hb_host_client_get_running (c->client))
    wait_for (&c->exited, "the host to go");
  g_clear_object (&c->client);
  g_clear_pointer (&c->result, json_object_unref);
  g_clear_pointer (&c->observations, g_ptr_array_unref);
  g_clear_error (&c->error);
}

static void
client_call_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *c = user_data;

  c->result = hb_host_client_call_finish (HB_HOST_CLIENT (object), result, &c->error);
  c->done = TRUE;
}

static void
client_call (Client     *c,
             const char *method,
             const char *params_json,
             double      deadline)
{
  g_autoptr(JsonObject) params = params_json != NULL ? parse_object (params_json) : NULL;

  c->done = FALSE;
  g_clear_pointer (&c->result, json_object_unref);
  g_clear_error (&c->error);
  hb_host_client_call_async (c->client, method, params, deadline, NULL, client_call_cb, c);
  wait_for (&c->done, method);
}

static void
client_load_module (Client     *c,
                    const char *module)
{
  g_autofree char *params = g_strdup_printf ("{\"app\": {\"module\": \"%s\"}}", module);

  client_call (c, "hello", NULL, CALL_DEADLINE);
  g_assert_no_error (c->error);
  client_call (c, "load", params, CALL_DEADLINE);
  g_assert_no_error (c->error);
  client_call (c, "start", NULL, CALL_DEADLINE);
  g_assert_no_error (c->error);
}

static void
test_client_motion_lights (Client        *c,
                           gconstpointer  data)
{
  int call;

  client_call (c, "load", "{\"app\": {\"id\": \"motion-lights\"}}", CALL_DEADLINE);
  g_assert_no_error (c->error);
  client_call (c, "start", NULL, CALL_DEADLINE);
  g_assert_no_error (c->error);
  g_ptr_array_set_size (c->observations, 0);

  client_call (c, "apply", "{\"step\": {\"kind\": \"simulate_state_change\", \"entity_id\": \""
                           MOTION "\", \"old_value\": \"off\", \"new_value\": \"on\"}}",
               CALL_DEADLINE);
  g_assert_no_error (c->error);
  g_assert_true (json_object_get_boolean_member (object_at (c->result, "outcome"), "ok"));

  /* The workbench's models saw the call by the time the apply completed. */
  call = find_observation (c->observations, "call", "method", "turn_on");
  g_assert_cmpint (call, >=, 0);
  g_assert_cmpstr (text_at (g_ptr_array_index (c->observations, call), "kwargs.entity_id"), ==,
                   "light.hallway");

  client_call (c, "quit", NULL, CALL_DEADLINE);
  g_assert_no_error (c->error);
  wait_for (&c->exited, "the host to quit");
  g_assert_cmpint (hb_host_client_get_exit_signal (c->client), ==, 0);
  g_assert_cmpint (hb_host_client_get_exit_status (c->client), ==, 0);
}

static void
test_client_crash (Client        *c,
                   gconstpointer  data)
{
  g_autofree char *why = NULL;

  client_load_module (c, g_getenv ("HB_TEST_CRASH_MODULE"));

  client_call (c, "apply", "{\"step\": {\"kind\": \"simulate_state_change\", \"entity_id\": "
                           "\"binary_sensor.boom\", \"old_value\": \"off\", "
                           "\"new_value\": \"crash\"}}", CALL_DEADLINE);
  g_assert_error (c->error, HB_HOST_ERROR, HB_HOST_ERROR_DIED);
  g_assert_true (c->exited);
  g_assert_cmpint (hb_host_client_get_exit_signal (c->client), ==, SIGSEGV);
  g_assert_cmpstr (hb_host_client_get_crash_task (c->client), ==, "handler:boom");
  g_assert_cmpstr (hb_host_client_get_last_method (c->client), ==, "apply");

  why = hb_host_client_describe_exit (c->client);
  g_assert_nonnull (strstr (why, "signal 11"));
  g_assert_nonnull (strstr (why, "handler:boom"));
  g_assert_nonnull (strstr (why, "'apply'"));
}

static void
test_client_hang (Client        *c,
                  gconstpointer  data)
{
  client_load_module (c, g_getenv ("HB_TEST_HANG_MODULE"));
  g_ptr_array_set_size (c->observations, 0);

  client_call (c, "apply", "{\"step\": {\"kind\": \"simulate_state_change\", \"entity_id\": "
                           "\"binary_sensor.spin\", \"old_value\": \"off\", "
                           "\"new_value\": \"on\"}}", HANG_DEADLINE);
  g_assert_error (c->error, HB_HOST_ERROR, HB_HOST_ERROR_HUNG);
  g_assert_nonnull (strstr (c->error->message, "'apply'"));

  /* The client killed the host. */
  wait_for (&c->exited, "the hung host to be killed");
  g_assert_cmpint (hb_host_client_get_exit_signal (c->client), ==, SIGKILL);

  /* What the step did before it hung was flushed while it hung: the workbench can say
   * which handler never returned. */
  g_assert_cmpint (find_task (c->observations, "handler:spin", "running"), >=, 0);
  g_assert_cmpint (find_task (c->observations, "handler:spin", "done"), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/host/hello", test_hello);
  g_test_add_func ("/hassbench/host/end-of-input", test_end_of_input);
  g_test_add_func ("/hassbench/host/load-and-start", test_load_and_start);
  g_test_add_func ("/hassbench/host/default-start-time", test_default_start_time);
  g_test_add_func ("/hassbench/host/motion-lights-session", test_motion_lights_session);
  g_test_add_func ("/hassbench/host/bad-step", test_bad_step);
  g_test_add_func ("/hassbench/host/bad-requests", test_bad_requests);
  g_test_add_func ("/hassbench/host/log-lines", test_log_lines);
  g_test_add_func ("/hassbench/host/crash-line", test_crash_line);
  g_test_add ("/hassbench/host/client/motion-lights", Client, NULL, client_setup,
              test_client_motion_lights, client_teardown);
  g_test_add ("/hassbench/host/client/crash", Client, NULL, client_setup, test_client_crash,
              client_teardown);
  g_test_add ("/hassbench/host/client/hang", Client, NULL, client_setup, test_client_hang,
              client_teardown);

  return g_test_run ();
}
