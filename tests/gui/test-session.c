/* test-session.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HbSession's live models, fed observation batches as the host client delivers them:
 * keyed panes update rows in place and remove finished rows, every pane changes at most
 * once per batch, append-only panes only grow, and failed tasks land in the errors pane
 * with the index of the step that ran them. The last tests load a stand-in host (this
 * program, run with --fake-host) so steps have real indices.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hb-json-item.h"
#include "hb-session-private.h"

static char *self_path;

/* Observations ***********************************************************************/

static JsonObject *
obs_new (const char *kind)
{
  JsonObject *obs = json_object_new ();

  json_object_set_string_member (obs, "event", kind);
  return obs;
}

static JsonObject *
obs_state (const char *entity_id,
           const char *state)
{
  JsonObject *obs = obs_new ("state");

  json_object_set_string_member (obs, "entity_id", entity_id);
  json_object_set_null_member (obs, "old");
  if (state != NULL)
    {
      JsonObject *new_state = json_object_new ();

      json_object_set_string_member (new_state, "entity_id", entity_id);
      json_object_set_string_member (new_state, "state", state);
      json_object_set_object_member (obs, "new", new_state);
    }
  else
    json_object_set_null_member (obs, "new");
  return obs;
}

static JsonObject *
obs_task (gint64      id,
          const char *name,
          const char *state,
          const char *error)
{
  JsonObject *obs = obs_new ("task");

  /* The host's name for it: a line with a top-level "id" is a response. */
  json_object_set_int_member (obs, "task_id", id);
  json_object_set_string_member (obs, "name", name);
  json_object_set_string_member (obs, "owner", "app");
  json_object_set_string_member (obs, "state", state);
  json_object_set_null_member (obs, "waits_on");
  if (error != NULL)
    json_object_set_string_member (obs, "error", error);
  else
    json_object_set_null_member (obs, "error");
  return obs;
}

static JsonObject *
obs_job (const char *action,
         const char *name,
         gint64      runs)
{
  JsonObject *obs = obs_new ("job");
  JsonObject *job = json_object_new ();

  json_object_set_string_member (job, "name", name);
  json_object_set_string_member (job, "trigger", "every 5m");
  json_object_set_int_member (job, "runs", runs);
  json_object_set_string_member (obs, "action", action);
  json_object_set_object_member (obs, "job", job);
  return obs;
}

static JsonObject *
obs_listener (const char *action,
              const char *name)
{
  JsonObject *obs = obs_new ("listener");

  json_object_set_string_member (obs, "action", action);
  json_object_set_string_member (obs, "name", name);
  json_object_set_string_member (obs, "description", "state_changed");
  return obs;
}

static JsonObject *
obs_call (gint64      index,
          const char *method)
{
  JsonObject *obs = obs_new ("call");

  json_object_set_int_member (obs, "index", index);
  json_object_set_string_member (obs, "method", method);
  json_object_set_object_member (obs, "kwargs", json_object_new ());
  return obs;
}

static JsonObject *
obs_dispatch (const char *topic)
{
  JsonObject *obs = obs_new ("dispatch");
  JsonObject *event = json_object_new ();
  JsonObject *report = json_object_new ();
  JsonArray *ran = json_array_new ();

  json_object_set_string_member (event, "topic", topic);
  json_array_add_string_element (ran, "on_motion");
  json_object_set_array_member (report, "ran", ran);
  json_object_set_array_member (report, "filtered", json_array_new ());
  json_object_set_array_member (report, "skipped", json_array_new ());
  json_object_set_object_member (obs, "bus_event", event);
  json_object_set_object_member (obs, "report", report);
  return obs;
}

static JsonObject *
obs_log (const char *message)
{
  JsonObject *obs = obs_new ("log");

  json_object_set_string_member (obs, "level", "info");
  json_object_set_string_member (obs, "domain", "app");
  json_object_set_string_member (obs, "message", message);
  return obs;
}

static JsonObject *
obs_clock (const char *now)
{
  JsonObject *obs = obs_new ("clock");

  json_object_set_string_member (obs, "now", now);
  json_object_set_boolean_member (obs, "frozen", TRUE);
  return obs;
}

/* Feeds the observations (transfer full, NULL-terminated) to @session as one batch. */
static void
feed (HbSession  *session,
      JsonObject *first,
      ...)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  va_list args;

  va_start (args, first);
  for (JsonObject *obs = first; obs != NULL; obs = va_arg (args, JsonObject *))
    g_ptr_array_add (batch, obs);
  va_end (args);

  _hb_session_apply_observations (session, batch);
}

/* Watching a model *******************************************************************/

/* Counts a model's ::items-changed emissions and keeps a mirror of its items built
 * only from what the emissions said, so a wrong position or count shows as a mismatch. */
typedef struct
{
  GListModel *model;
  GPtrArray  *mirror;
  guint       n_emissions;
  guint       position;
  guint       removed;
  guint       added;
} Watch;

static void
watch_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Watch      *watch)
{
  watch->n_emissions++;
  watch->position = position;
  watch->removed = removed;
  watch->added = added;

  g_assert_cmpuint (position + removed, <=, watch->mirror->len);
  g_ptr_array_remove_range (watch->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (watch->mirror, position + i, g_list_model_get_item (model, position + i));
}

static Watch *
watch_new (GListModel *model)
{
  Watch *watch = g_new0 (Watch, 1);
  guint n = g_list_model_get_n_items (model);

  watch->model = g_object_ref (model);
  watch->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (watch->mirror, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (watch_items_changed_cb), watch);
  return watch;
}

static void
watch_free (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->model, watch);
  g_object_unref (watch->model);
  g_ptr_array_unref (watch->mirror);
  g_free (watch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Watch, watch_free)

/* Resets the emission count for the next batch. */
static void
watch_reset (Watch *watch)
{
  watch->n_emissions = 0;
  watch->position = watch->removed = watch->added = 0;
}

static void
assert_mirror (Watch *watch)
{
  guint n = g_list_model_get_n_items (watch->model);

  g_assert_cmpuint (watch->mirror->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (watch->model, i);

      g_assert_true (item == g_ptr_array_index (watch->mirror, i));
    }
}

static HbJsonItem *
item_at (GListModel *model,
         guint       position)
{
  HbJsonItem *item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  /* The model keeps its own reference: tests hold rows borrowed. */
  g_object_unref (item);
  return item;
}

/* The rows' text at @path, joined with spaces: "a b c". */
static char *
column_text (GListModel *model,
             const char *path)
{
  GString *text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cell = hb_json_item_dup_text (item_at (model, i), path);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, cell);
    }
  return g_string_free (text, FALSE);
}

#define assert_column(model, path, expected) \
  G_STMT_START { \
    g_autofree char *_text = column_text ((model), (path)); \
    g_assert_cmpstr (_text, ==, (expected)); \
  } G_STMT_END

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* Tests ******************************************************************************/

static void
test_keyed_upsert_in_place (void)
{
  g_autoptr(HbSession) session = hb_session_new ();
  GListModel *entities = hb_session_get_entities (session);
  GListModel *tasks = hb_session_get_tasks (session);
  g_autoptr(Watch) we = watch_new (entities);
  g_autoptr(Watch) wt = watch_new (tasks);
  HbJsonItem *kitchen, *task;
  guint notified = 0, task_notified = 0;

  feed (session, obs_state ("light.kitchen", "on"), obs_state ("sensor.hall", "21.5"), NULL);
  g_assert_cmpuint (we->n_emissions, ==, 1);
  g_assert_cmpuint (we->position, ==, 0);
  g_assert_cmpuint (we->added, ==, 2);
  assert_mirror (we);
  assert_column (entities, "entity_id", "light.kitchen sensor.hall");
  kitchen = item_at (entities, 0);
  g_assert_cmpstr (hb_json_item_get_key (kitchen), ==, "light.kitchen");
  g_signal_connect (kitchen, "notify::data", G_CALLBACK (count_notify_cb), &notified);

  /* A new state for a known entity: the same row, new data, no items-changed. */
  watch_reset (we);
  feed (session, obs_state ("light.kitchen", "off"), NULL);
  g_assert_cmpuint (we->n_emissions, ==, 0);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (item_at (entities, 0) == kitchen);
  assert_column (entities, "state", "off 21.5");

  /* Two changes of one entity in one batch: the row takes the latest, notified once. */
  feed (session, obs_state ("light.kitchen", "on"), obs_state ("light.kitchen", "dim"), NULL);
  g_assert_cmpuint (we->n_emissions, ==, 0);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (item_at (entities, 0) == kitchen);
  assert_column (entities, "state", "dim 21.5");
  g_signal_handlers_disconnect_by_data (kitchen, &notified);

  /* Tasks are keyed by id: a state change updates the row. */
  feed (session, obs_task (7, "handler:on_motion", "running", NULL), NULL);
  g_assert_cmpuint (wt->n_emissions, ==, 1);
  task = item_at (tasks, 0);
  g_assert_cmpstr (hb_json_item_get_key (task), ==, "7");
  g_signal_connect (task, "notify::data", G_CALLBACK (count_notify_cb), &task_notified);
  watch_reset (wt);
  feed (session, obs_task (7, "handler:on_motion", "sleeping", NULL), NULL);
  g_assert_cmpuint (wt->n_emissions, ==, 0);
  g_assert_cmpuint (task_notified, ==, 1);
  g_assert_true (item_at (tasks, 0) == task);
  assert_column (tasks, "state", "sleeping");
  g_signal_handlers_disconnect_by_data (task, &task_notified);

  /* Jobs: "fired" updates the row in place. */
  feed (session, obs_job ("added", "lights_off", 0), NULL);
  feed (session, obs_job ("fired", "lights_off", 1), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_jobs (session)), ==, 1);
  assert_column (hb_session_get_jobs (session), "runs", "1");
}

static void
test_keyed_removals (void)
{
  g_autoptr(HbSession) session = hb_session_new ();
  GListModel *entities = hb_session_get_entities (session);
  GListModel *tasks = hb_session_get_tasks (session);
  GListModel *jobs = hb_session_get_jobs (session);
  GListModel *listeners = hb_session_get_listeners (session);
  g_autoptr(Watch) we = watch_new (entities);
  g_autoptr(Watch) wt = watch_new (tasks);
  g_autoptr(Watch) wj = watch_new (jobs);
  g_autoptr(Watch) wl = watch_new (listeners);
  HbJsonItem *a, *c, *task1;

  feed (session,
        obs_state ("light.a", "on"), obs_state ("light.b", "on"), obs_state ("light.c", "off"),
        obs_task (1, "handler:one", "running", NULL),
        obs_task (2, "handler:two", "pending", NULL),
        obs_task (3, "job:three", "waiting", NULL),
        obs_job ("added", "j1", 0), obs_job ("added", "j2", 0),
        obs_listener ("added", "l1"), obs_listener ("added", "l2"),
        NULL);
  a = item_at (entities, 0);
  c = item_at (entities, 2);
  task1 = item_at (tasks, 0);
  watch_reset (we);
  watch_reset (wt);
  watch_reset (wj);
  watch_reset (wl);

  feed (session,
        obs_state ("light.b", NULL),
        obs_task (2, "handler:two", "done", NULL),
        obs_task (3, "job:three", "cancelled", NULL),
        obs_job ("removed", "j1", 0),
        obs_listener ("removed", "l2"),
        NULL);

  assert_column (entities, "entity_id", "light.a light.c");
  assert_column (tasks, "name", "handler:one");
  assert_column (jobs, "name", "j2");
  assert_column (listeners, "name", "l1");
  /* The rows that stay are the same objects. */
  g_assert_true (item_at (entities, 0) == a);
  g_assert_true (item_at (entities, 1) == c);
  g_assert_true (item_at (tasks, 0) == task1);

  g_assert_cmpuint (we->n_emissions, ==, 1);
  g_assert_cmpuint (wt->n_emissions, ==, 1);
  g_assert_cmpuint (wj->n_emissions, ==, 1);
  g_assert_cmpuint (wl->n_emissions, ==, 1);
  assert_mirror (we);
  assert_mirror (wt);
  assert_mirror (wj);
  assert_mirror (wl);
  /* Only the removed stretch changed: light.a kept its place. */
  g_assert_cmpuint (we->position, ==, 1);
  g_assert_cmpuint (we->removed, ==, 1);
  g_assert_cmpuint (we->added, ==, 0);

  /* Finished tasks are no errors. */
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_errors (session)), ==, 0);

  /* Removing what is not there changes nothing. */
  watch_reset (we);
  watch_reset (wj);
  feed (session, obs_state ("light.unknown", NULL), obs_job ("removed", "nope", 0), NULL);
  g_assert_cmpuint (we->n_emissions, ==, 0);
  g_assert_cmpuint (wj->n_emissions, ==, 0);
  assert_column (entities, "entity_id", "light.a light.c");
}

static void
test_one_change_per_batch (void)
{
  g_autoptr(HbSession) session = hb_session_new ();
  GListModel *entities = hb_session_get_entities (session);
  GListModel *tasks = hb_session_get_tasks (session);
  g_autoptr(Watch) we = watch_new (entities);
  g_autoptr(Watch) wt = watch_new (tasks);
  g_autoptr(Watch) wc = watch_new (hb_session_get_calls (session));
  g_autoptr(Watch) wv = watch_new (hb_session_get_events (session));
  g_autoptr(Watch) wg = watch_new (hb_session_get_log (session));
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GString) expected = g_string_new (NULL);
  HbJsonItem *twenty;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("sensor.s%03u", i);

      g_ptr_array_add (batch, obs_state (id, "1"));
      if (i % 10 == 0)
        {
          g_ptr_array_add (batch, obs_call (i / 10, "turn_on"));
          g_ptr_array_add (batch, obs_dispatch ("state_changed"));
          g_ptr_array_add (batch, obs_log ("tick"));
          g_ptr_array_add (batch, obs_task (i, "handler:h", "running", NULL));
        }
    }
  _hb_session_apply_observations (session, batch);

  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 100);
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 10);
  g_assert_cmpuint (we->n_emissions, ==, 1);
  g_assert_cmpuint (wt->n_emissions, ==, 1);
  g_assert_cmpuint (wc->n_emissions, ==, 1);
  g_assert_cmpuint (wv->n_emissions, ==, 1);
  g_assert_cmpuint (wg->n_emissions, ==, 1);
  g_assert_cmpuint (wc->added, ==, 10);

  /* Removals, an update and additions in one batch: still one change, and the mirror
   * built from it matches the pane. */
  twenty = item_at (entities, 20);
  watch_reset (we);
  watch_reset (wt);
  feed (session,
        obs_state ("sensor.s010", NULL),
        obs_state ("sensor.new1", "2"),
        obs_state ("sensor.s020", "5"),
        obs_state ("sensor.s050", NULL),
        obs_state ("sensor.new2", "2"),
        /* A task that starts and ends within the batch never shows. */
        obs_task (500, "handler:quick", "running", NULL),
        obs_task (500, "handler:quick", "done", NULL),
        NULL);
  g_assert_cmpuint (we->n_emissions, ==, 1);
  assert_mirror (we);
  /* Rows before the first removed one are untouched. */
  g_assert_cmpuint (we->position, ==, 10);
  g_assert_cmpuint (wt->n_emissions, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 10);
  g_assert_true (item_at (entities, 19) == twenty);
  {
    g_autofree char *state = hb_json_item_dup_text (twenty, "state");

    g_assert_cmpstr (state, ==, "5");
  }
  for (guint i = 0; i < 100; i++)
    if (i != 10 && i != 50)
      g_string_append_printf (expected, "sensor.s%03u ", i);
  g_string_append (expected, "sensor.new1 sensor.new2");
  assert_column (entities, "entity_id", expected->str);

  /* Removals only: the change covers the stretch from the first removed row to the
   * last (s099 at 97, new1 kept at 98, new2 at 99), not the rows before it. */
  watch_reset (we);
  feed (session, obs_state ("sensor.new2", NULL), obs_state ("sensor.s099", NULL), NULL);
  g_assert_cmpuint (we->n_emissions, ==, 1);
  assert_mirror (we);
  g_assert_cmpuint (we->position, ==, 97);
  g_assert_cmpuint (we->removed, ==, 3);
  g_assert_cmpuint (we->added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 98);

  /* A batch of nothing for a pane does not touch it. */
  watch_reset (we);
  watch_reset (wc);
  feed (session, obs_log ("only a log line"), NULL);
  g_assert_cmpuint (we->n_emissions, ==, 0);
  g_assert_cmpuint (wc->n_emissions, ==, 0);
  g_assert_cmpuint (wg->n_emissions, ==, 2);
}

static void
test_append_only (void)
{
  g_autoptr(HbSession) session = hb_session_new ();
  GListModel *calls = hb_session_get_calls (session);
  GListModel *events = hb_session_get_events (session);
  GListModel *log = hb_session_get_log (session);
  g_autoptr(Watch) wc = watch_new (calls);
  HbJsonItem *first, *second;
  JsonObject *row;

  feed (session, obs_call (0, "turn_on"), obs_call (1, "turn_off"), NULL);
  first = item_at (calls, 0);
  second = item_at (calls, 1);

  watch_reset (wc);
  feed (session,
        obs_clock ("2024-06-01T07:05:00+00:00"),
        obs_call (2, "toggle"), obs_call (3, "notify"), obs_call (4, "turn_on"),
        obs_dispatch ("state_changed"),
        obs_log ("motion seen"),
        NULL);

  g_assert_cmpuint (wc->n_emissions, ==, 1);
  g_assert_cmpuint (wc->position, ==, 2);
  g_assert_cmpuint (wc->removed, ==, 0);
  g_assert_cmpuint (wc->added, ==, 3);
  assert_mirror (wc);
  g_assert_true (item_at (calls, 0) == first);
  g_assert_true (item_at (calls, 1) == second);
  assert_column (calls, "method", "turn_on turn_off toggle notify turn_on");
  assert_column (calls, "index", "0 1 2 3 4");
  g_assert_null (hb_json_item_get_key (first));

  /* Rows carry the step (none without a host) and the clock when it was known; the
   * observation's kind is not part of the row. */
  assert_column (calls, "step", "-1 -1 -1 -1 -1");
  row = hb_json_item_get_data (item_at (calls, 0));
  g_assert_false (json_object_has_member (row, "event"));
  g_assert_false (json_object_has_member (row, "clock"));
  row = hb_json_item_get_data (item_at (calls, 2));
  g_assert_cmpstr (json_object_get_string_member (row, "clock"), ==, "2024-06-01T07:05:00+00:00");
  g_assert_cmpstr (hb_session_get_clock_now (session), ==, "2024-06-01T07:05:00+00:00");
  g_assert_true (hb_session_get_clock_frozen (session));

  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
  assert_column (events, "bus_event.topic", "state_changed");
  row = hb_json_item_get_data (item_at (events, 0));
  g_assert_false (json_object_has_member (row, "event"));
  assert_column (events, "report.ran", "[\"on_motion\"]");
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 1);
  assert_column (log, "message", "motion seen");
}

static void
test_malformed_observations (void)
{
  g_autoptr(HbSession) session = hb_session_new ();
  g_autoptr(Watch) we = watch_new (hb_session_get_entities (session));
  g_autoptr(Watch) wc = watch_new (hb_session_get_calls (session));
  JsonObject *no_id = obs_new ("state");
  JsonObject *no_kind = json_object_new ();

  json_object_set_string_member (no_kind, "entity_id", "light.a");
  feed (session, no_id, no_kind, obs_new ("something_new"), NULL);
  g_assert_cmpuint (we->n_emissions, ==, 0);
  g_assert_cmpuint (wc->n_emissions, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_entities (session)), ==, 0);
}

static void
test_failed_task_without_step (void)
{
  g_autoptr(HbSession) session = hb_session_new ();
  GListModel *errors = hb_session_get_errors (session);
  g_autoptr(Watch) wr = watch_new (errors);
  JsonObject *row;

  feed (session, obs_task (4, "handler:boom", "running", NULL), NULL);
  feed (session, obs_task (4, "handler:boom", "failed", "division by zero"), NULL);

  g_assert_cmpuint (wr->n_emissions, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (errors), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_tasks (session)), ==, 0);
  row = hb_json_item_get_data (item_at (errors, 0));
  g_assert_cmpstr (json_object_get_string_member (row, "task"), ==, "handler:boom");
  g_assert_cmpstr (json_object_get_string_member (row, "message"), ==, "division by zero");
  g_assert_cmpint (json_object_get_int_member (row, "step"), ==, -1);
}

/* With a host ************************************************************************/

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  gboolean    done;
  gboolean    ok;
  JsonObject *outcome;
  GError     *error;
} Result;

static void
wait_result (Result     *result,
             const char *what)
{
  guint guard = g_timeout_add_seconds (20, fail_timeout_cb, (gpointer) what);

  while (!result->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static void
load_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  Result *result = user_data;

  result->ok = hb_session_load_finish (HB_SESSION (object), res, &result->error);
  result->done = TRUE;
}

static void
apply_cb (GObject      *object,
          GAsyncResult *res,
          gpointer      user_data)
{
  Result *result = user_data;

  result->outcome = hb_session_apply_finish (HB_SESSION (object), res, &result->error);
  result->done = TRUE;
}

static HbSession *
load_fake_host (void)
{
  HbSession *session = hb_session_new ();
  const char *argv[] = { self_path, "--fake-host", NULL };
  g_autoptr(JsonObject) app = json_object_new ();
  Result result = { 0, };

  hb_session_set_host_argv (session, argv);
  json_object_set_string_member (app, "id", "fake");
  hb_session_load_async (session, app, NULL, NULL, NULL, NULL, load_cb, &result);
  wait_result (&result, "the fake app to load");
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  return session;
}

/* Applies a step whose "observations" the fake host streams before answering. */
static void
apply_step (HbSession  *session,
            JsonObject *observations_first,
            ...)
{
  g_autoptr(JsonObject) step = json_object_new ();
  JsonArray *observations = json_array_new ();
  Result result = { 0, };
  va_list args;

  va_start (args, observations_first);
  for (JsonObject *obs = observations_first; obs != NULL; obs = va_arg (args, JsonObject *))
    json_array_add_object_element (observations, obs);
  va_end (args);
  json_object_set_string_member (step, "kind", "fake_step");
  json_object_set_array_member (step, "observations", observations);

  hb_session_apply_async (session, step, NULL, apply_cb, &result);
  wait_result (&result, "the step to apply");
  g_assert_no_error (result.error);
  g_assert_nonnull (result.outcome);
  g_assert_true (json_object_get_boolean_member (result.outcome, "ok"));
  json_object_unref (result.outcome);
}

static void
test_snapshot_fills_keyed_panes (void)
{
  g_autoptr(HbSession) session = load_fake_host ();

  g_assert_true (hb_session_get_loaded (session));
  g_assert_cmpstr (hb_session_get_app_title (session), ==, "Fake House");
  assert_column (hb_session_get_entities (session), "entity_id", "light.porch sensor.door");
  assert_column (hb_session_get_tasks (session), "name", "handler:waiting");
  g_assert_cmpstr (hb_json_item_get_key (item_at (hb_session_get_tasks (session), 0)), ==, "12");
  assert_column (hb_session_get_listeners (session), "name", "on_door");
  g_assert_cmpstr (hb_session_get_clock_now (session), ==, "2024-06-01T07:00:00+00:00");

  /* Observations after the snapshot update its rows in place. */
  apply_step (session, obs_state ("sensor.door", "open"), NULL);
  assert_column (hb_session_get_entities (session), "state", "off open");
}

static void
test_failed_task_errors_step (void)
{
  g_autoptr(HbSession) session = load_fake_host ();
  GListModel *errors = hb_session_get_errors (session);
  GListModel *calls = hb_session_get_calls (session);
  JsonObject *row;

  apply_step (session,
              obs_task (40, "handler:on_motion", "running", NULL),
              obs_call (0, "turn_on"),
              NULL);
  g_assert_cmpuint (g_list_model_get_n_items (errors), ==, 0);
  assert_column (calls, "step", "0");

  apply_step (session,
              obs_task (40, "handler:on_motion", "failed", "light.hall is unavailable"),
              obs_task (41, "job:lights_off", "running", NULL),
              NULL);
  apply_step (session,
              obs_task (41, "job:lights_off", "failed", "timeout"),
              NULL);

  g_assert_cmpuint (g_list_model_get_n_items (hb_session_get_steps (session)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (errors), ==, 2);
  row = hb_json_item_get_data (item_at (errors, 0));
  g_assert_cmpstr (json_object_get_string_member (row, "task"), ==, "handler:on_motion");
  g_assert_cmpstr (json_object_get_string_member (row, "message"), ==, "light.hall is unavailable");
  g_assert_cmpint (json_object_get_int_member (row, "step"), ==, 1);
  row = hb_json_item_get_data (item_at (errors, 1));
  g_assert_cmpstr (json_object_get_string_member (row, "task"), ==, "job:lights_off");
  g_assert_cmpint (json_object_get_int_member (row, "step"), ==, 2);
  /* Failed tasks leave the tasks pane; the snapshot's waiting task stays. */
  assert_column (hb_session_get_tasks (session), "name", "handler:waiting");
}

static void
insert_cb (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  Result *result = user_data;

  result->ok = hb_session_insert_finish (HB_SESSION (object), res, &result->error);
  result->done = TRUE;
}

/* Inserting a step before the last one re-runs the session in a fresh host: the steps
 * keep their order around the new one, and every pane is rebuilt from the re-run. */
static void
test_insert_reruns (void)
{
  g_autoptr(HbSession) session = load_fake_host ();
  GListModel *steps = hb_session_get_steps (session);
  g_autoptr(JsonObject) step = json_object_new ();
  JsonArray *observations = json_array_new ();
  Result result = { 0, };

  apply_step (session, obs_state ("sensor.door", "open"), NULL);
  apply_step (session, obs_state ("light.porch", "on"), NULL);

  json_object_set_string_member (step, "kind", "fake_step");
  json_array_add_object_element (observations, obs_state ("sensor.door", "ajar"));
  json_object_set_array_member (step, "observations", observations);
  hb_session_insert_async (session, 1, step, NULL, insert_cb, &result);
  wait_result (&result, "the insert to re-run");
  g_assert_no_error (result.error);
  g_assert_true (result.ok);

  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 3);
  assert_column (steps, "index", "0 1 2");
  assert_column (steps, "status", "ok ok ok");
  /* The door went open, then ajar (the inserted step), then the porch light went on. */
  assert_column (hb_session_get_entities (session), "state", "on ajar");
  g_assert_false (hb_session_get_busy (session));
}

/* Time travel ************************************************************************/

static void
bool_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  Result *result = user_data;

  /* Every boolean run finishes the same way. */
  result->ok = g_task_propagate_boolean (G_TASK (res), &result->error);
  result->done = TRUE;
}

static void
seek (HbSession *session,
      guint      n)
{
  Result result = { 0, };

  hb_session_seek_async (session, n, NULL, bool_cb, &result);
  wait_result (&result, "the seek");
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_false (hb_session_get_busy (session));
}

static JsonObject *
fake_step (JsonObject *observation)
{
  JsonObject *step = json_object_new ();
  JsonArray *observations = json_array_new ();

  json_object_set_string_member (step, "kind", "fake_step");
  if (observation != NULL)
    json_array_add_object_element (observations, observation);
  json_object_set_array_member (step, "observations", observations);
  return step;
}

/* Door open, porch light on, door ajar. */
static HbSession *
load_three_steps (void)
{
  HbSession *session = load_fake_host ();

  apply_step (session, obs_state ("sensor.door", "open"), NULL);
  apply_step (session, obs_state ("light.porch", "on"), NULL);
  apply_step (session, obs_state ("sensor.door", "ajar"), NULL);
  return session;
}

/* Back: a fresh host replays the first step only, the later two stay ahead. Forward:
 * applied to the running host, without a restart (the panes keep their rows). */
static void
test_seek_back_and_forward (void)
{
  g_autoptr(HbSession) session = load_three_steps ();
  GListModel *steps = hb_session_get_steps (session);
  GListModel *entities = hb_session_get_entities (session);
  HbJsonItem *kept;

  g_assert_cmpuint (hb_session_get_cursor (session), ==, 3);
  seek (session, 1);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 3);
  assert_column (steps, "applied", "true false false");
  assert_column (steps, "status", "ok ok ok");
  assert_column (entities, "state", "off open");
  g_assert_cmpfloat (hb_session_get_progress (session), ==, 1.0);
  g_assert_false (hb_session_get_replaying (session));

  kept = item_at (entities, 0);
  seek (session, 3);
  g_assert_true (item_at (entities, 0) == kept);
  assert_column (entities, "state", "on ajar");
  assert_column (steps, "applied", "true true true");
  assert_column (steps, "outcome.n_before", "0 1 2");
  g_assert_null (hb_session_get_nondeterminism (session));

  /* Seeking where the cursor is does nothing; past the end clamps. */
  seek (session, 3);
  seek (session, 10);
  g_assert_true (item_at (entities, 0) == kept);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 3);
}

/* A new step while two are ahead forks: they are kept as the alternative, and restoring
 * swaps them back with the fork's step, the house at the fork point. */
static void
test_fork_and_restore (void)
{
  g_autoptr(HbSession) session = load_three_steps ();
  GListModel *steps = hb_session_get_steps (session);
  g_autoptr(GListModel) alternative = NULL;
  Result result = { 0, };

  seek (session, 1);
  apply_step (session, obs_state ("light.porch", "dim"), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 2);
  g_assert_cmpuint (hb_session_get_n_alternative (session), ==, 2);
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 2);
  assert_column (hb_session_get_entities (session), "state", "dim open");
  alternative = hb_session_dup_alternative (session);
  g_assert_cmpuint (g_list_model_get_n_items (alternative), ==, 2);
  assert_column (alternative, "outcome.n_before", "1 2");

  hb_session_restore_alternative_async (session, NULL, bool_cb, &result);
  wait_result (&result, "the restore");
  g_assert_no_error (result.error);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 3);
  assert_column (steps, "index", "0 1 2");
  assert_column (steps, "applied", "true false false");
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 1);
  assert_column (hb_session_get_entities (session), "state", "off open");
  g_assert_cmpuint (hb_session_get_n_alternative (session), ==, 1);

  seek (session, 3);
  assert_column (hb_session_get_entities (session), "state", "on ajar");
  g_assert_null (hb_session_get_nondeterminism (session));

  hb_session_discard_alternative (session);
  g_assert_cmpuint (hb_session_get_n_alternative (session), ==, 0);
}

/* Disabling the first step and re-running: it stays in the list, is not applied, and the
 * later steps' outcomes (which count the steps before them) are marked changed. */
static void
test_disable_marks_changed (void)
{
  g_autoptr(HbSession) session = load_three_steps ();
  GListModel *steps = hb_session_get_steps (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) scenario = NULL;
  Result result = { 0, };

  g_assert_true (hb_session_set_step_enabled (session, 0, FALSE, &error));
  g_assert_no_error (error);
  hb_session_rerun_async (session, NULL, bool_cb, &result);
  wait_result (&result, "the re-run");
  g_assert_no_error (result.error);

  assert_column (steps, "status", "disabled ok ok");
  assert_column (steps, "enabled", "false true true");
  assert_column (steps, "changed", "false true true");
  assert_column (steps, "outcome.n_before", "0 0 1");
  assert_column (steps, "previous_outcome.n_before", " 1 2");
  assert_column (hb_session_get_entities (session), "state", "on ajar");
  g_assert_null (hb_session_get_nondeterminism (session));

  /* The saved scenario leaves the disabled step out. */
  scenario = hb_session_to_scenario (session);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (scenario, "steps")), ==,
                    2);

  /* Moving the last step (ajar) first and enabling "open" again: the door ends open. */
  g_assert_true (hb_session_move_step (session, 2, 0, &error));
  g_assert_no_error (error);
  g_assert_true (hb_session_set_step_enabled (session, 1, TRUE, &error));
  assert_column (steps, "index", "0 1 2");
  assert_column (steps, "enabled", "true true true");
  result = (Result) { 0, };
  hb_session_rerun_async (session, NULL, bool_cb, &result);
  wait_result (&result, "the re-run after a move");
  g_assert_no_error (result.error);
  assert_column (hb_session_get_entities (session), "state", "on open");
  g_assert_false (hb_session_move_step (session, 3, 0, &error));
  g_assert_error (error, HB_SESSION_ERROR, HB_SESSION_ERROR_FAILED);
}

/* A step that answers differently on the second host: the replay flags it. */
static void
test_nondeterminism (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hb-session-XXXXXX", NULL);
  g_autofree char *counter = g_build_filename (dir, "runs", NULL);
  g_autoptr(HbSession) session = NULL;
  g_autoptr(JsonObject) step = fake_step (NULL);
  JsonArray *by_run = json_array_new ();
  Result result = { 0, };
  const char *message;

  g_setenv ("HB_FAKE_RUN_FILE", counter, TRUE);
  session = load_three_steps ();
  json_array_add_string_element (by_run, "heads");
  json_array_add_string_element (by_run, "tails");
  json_object_set_array_member (step, "outcome_by_run", by_run);
  hb_session_apply_async (session, step, NULL, apply_cb, &result);
  wait_result (&result, "the coin step");
  g_clear_pointer (&result.outcome, json_object_unref);

  seek (session, 0);
  g_assert_null (hb_session_get_nondeterminism (session));
  seek (session, 4);
  message = hb_session_get_nondeterminism (session);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Step 4 (fake_step) gave a different outcome on replay"));
  g_assert_nonnull (strstr (message, "\"heads\""));
  g_assert_nonnull (strstr (message, "\"tails\""));
  assert_column (hb_session_get_steps (session), "changed", "false false false true");

  hb_session_clear_nondeterminism (session);
  g_assert_null (hb_session_get_nondeterminism (session));
  g_unsetenv ("HB_FAKE_RUN_FILE");
  g_unlink (counter);
  g_rmdir (dir);
}

static void
cancel_at_cursor_cb (HbSession    *session,
                     GParamSpec   *pspec,
                     GCancellable *cancellable)
{
  if (hb_session_get_cursor (session) == 1)
    g_cancellable_cancel (cancellable);
}

/* Cancelled between steps: the house is as after the last step applied, the cursor
 * there, the rest ahead; a second run meanwhile is refused as busy. */
static void
test_cancel_seek (void)
{
  g_autoptr(HbSession) session = load_three_steps ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result result = { 0, };
  Result busy = { 0, };
  gulong id;

  seek (session, 0);
  assert_column (hb_session_get_steps (session), "applied", "false false false");
  id = g_signal_connect (session, "notify::cursor", G_CALLBACK (cancel_at_cursor_cb), cancellable);
  hb_session_seek_async (session, 3, cancellable, bool_cb, &result);
  hb_session_seek_async (session, 1, NULL, bool_cb, &busy);
  wait_result (&busy, "the refusal");
  g_assert_error (busy.error, HB_SESSION_ERROR, HB_SESSION_ERROR_BUSY);
  wait_result (&result, "the cancelled seek");
  g_signal_handler_disconnect (session, id);

  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (hb_session_get_busy (session));
  g_assert_true (hb_session_get_loaded (session));
  g_assert_null (hb_session_get_last_error (session));
  g_assert_cmpuint (hb_session_get_cursor (session), ==, 1);
  assert_column (hb_session_get_steps (session), "applied", "true false false");
  assert_column (hb_session_get_entities (session), "state", "off open");
  g_clear_error (&busy.error);
  g_clear_error (&result.error);

  /* And on from there. */
  seek (session, 3);
  assert_column (hb_session_get_entities (session), "state", "on ajar");
}

/* Step-through: a scenario's steps all ahead, applied one at a time. */
static void
test_load_step_through (void)
{
  g_autoptr(HbSession) session = hb_session_new ();
  const char *argv[] = { self_path, "--fake-host", NULL };
  g_autoptr(JsonObject) app = json_object_new ();
  g_autoptr(JsonArray) steps = json_array_new ();
  Result result = { 0, };

  hb_session_set_host_argv (session, argv);
  json_object_set_string_member (app, "id", "fake");
  json_array_add_object_element (steps, fake_step (obs_state ("sensor.door", "open")));
  json_array_add_object_element (steps, fake_step (obs_state ("light.porch", "on")));
  hb_session_load_step_through_async (session, app, NULL, NULL, steps, NULL, load_cb, &result);
  wait_result (&result, "the load");
  g_assert_no_error (result.error);

  assert_column (hb_session_get_steps (session), "status", "ahead ahead");
  assert_column (hb_session_get_entities (session), "state", "off closed");
  seek (session, hb_session_get_cursor (session) + 1);
  assert_column (hb_session_get_steps (session), "status", "ok ahead");
  assert_column (hb_session_get_entities (session), "state", "off open");
  seek (session, 2);
  assert_column (hb_session_get_entities (session), "state", "on open");
}

static void
wait_module_changed (HbSession *session)
{
  guint guard = g_timeout_add_seconds (20, fail_timeout_cb, (gpointer) "the module change");

  while (!hb_session_get_module_changed (session))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

/* The module file changes: the session offers a reload, and the reload's differences are
 * the new code's doing (changed), not non-determinism. */
static void
test_module_reload_marks_changed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hb-session-XXXXXX", NULL);
  g_autofree char *counter = g_build_filename (dir, "runs", NULL);
  g_autofree char *module = g_build_filename (dir, "fake.so", NULL);
  g_autoptr(HbSession) session = hb_session_new ();
  const char *argv[] = { self_path, "--fake-host", NULL };
  g_autoptr(JsonObject) app = json_object_new ();
  g_autoptr(JsonObject) coin = fake_step (NULL);
  JsonArray *by_run = json_array_new ();
  Result result = { 0, };

  g_setenv ("HB_FAKE_RUN_FILE", counter, TRUE);
  g_assert_true (g_file_set_contents (module, "build 1", -1, NULL));
  hb_session_set_host_argv (session, argv);
  json_object_set_string_member (app, "module", module);
  hb_session_load_async (session, app, NULL, NULL, NULL, NULL, load_cb, &result);
  wait_result (&result, "the load");
  g_assert_no_error (result.error);
  json_array_add_string_element (by_run, "old code");
  json_array_add_string_element (by_run, "new code");
  json_object_set_array_member (coin, "outcome_by_run", by_run);
  result = (Result) { 0, };
  hb_session_apply_async (session, coin, NULL, apply_cb, &result);
  wait_result (&result, "the step");
  g_clear_pointer (&result.outcome, json_object_unref);
  apply_step (session, obs_state ("sensor.door", "open"), NULL);
  g_assert_false (hb_session_get_module_changed (session));

  g_assert_true (g_file_set_contents (module, "build 2", -1, NULL));
  wait_module_changed (session);

  result = (Result) { 0, };
  hb_session_reload_module_async (session, NULL, bool_cb, &result);
  wait_result (&result, "the reload");
  g_assert_no_error (result.error);
  g_assert_false (hb_session_get_module_changed (session));
  assert_column (hb_session_get_steps (session), "changed", "true false");
  assert_column (hb_session_get_steps (session), "outcome.value", "new code ");
  assert_column (hb_session_get_steps (session), "previous_outcome.value", "old code ");
  g_assert_null (hb_session_get_nondeterminism (session));

  g_unsetenv ("HB_FAKE_RUN_FILE");
  g_unlink (counter);
  g_unlink (module);
  g_rmdir (dir);
}

/* The stand-in host *****************************************************************/

static void
write_line (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  fprintf (stdout, "%s\n", text);
}

static JsonObject *
state_object (const char *entity_id,
              const char *state)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "entity_id", entity_id);
  json_object_set_string_member (object, "state", state);
  return object;
}

static guint fake_n_applied;  /* steps this host applied */
static guint fake_run = 1;     /* which start of a host this is, across processes */

/* $HB_FAKE_RUN_FILE counts the hosts started, so a step can answer differently on a
 * replay ("outcome_by_run"). */
static void
count_run (void)
{
  const char *path = g_getenv ("HB_FAKE_RUN_FILE");
  g_autofree char *text = NULL;
  g_autofree char *next = NULL;

  if (path == NULL)
    return;
  if (g_file_get_contents (path, &text, NULL, NULL))
    fake_run = (guint) g_ascii_strtoull (text, NULL, 10) + 1;
  next = g_strdup_printf ("%u", fake_run);
  g_file_set_contents (path, next, -1, NULL);
}

static JsonObject *
fake_result (const char *method,
             JsonObject *params)
{
  JsonObject *result = json_object_new ();

  if (g_str_equal (method, "hello"))
    {
      json_object_set_string_member (result, "version", PACKAGE_VERSION);
      json_object_set_int_member (result, "abi", 1);
      json_object_set_int_member (result, "pid", getpid ());
    }
  else if (g_str_equal (method, "load"))
    {
      JsonObject *app = json_object_new ();

      json_object_set_string_member (app, "id", "fake");
      json_object_set_string_member (app, "display_name", "Fake House");
      json_object_set_array_member (app, "config_schema", json_array_new ());
      json_object_set_object_member (result, "app", app);
    }
  else if (g_str_equal (method, "start"))
    {
      JsonObject *clock = json_object_new ();
      JsonArray *states = json_array_new ();
      JsonArray *tasks = json_array_new ();
      JsonArray *listeners = json_array_new ();
      JsonObject *task = json_object_new ();
      JsonObject *listener = json_object_new ();

      json_object_set_string_member (clock, "now", "2024-06-01T07:00:00+00:00");
      json_object_set_boolean_member (clock, "frozen", TRUE);
      json_object_set_string_member (clock, "time_zone", "UTC");
      json_array_add_object_element (states, state_object ("light.porch", "off"));
      json_array_add_object_element (states, state_object ("sensor.door", "closed"));
      json_object_set_int_member (task, "task_id", 12);
      json_object_set_string_member (task, "name", "handler:waiting");
      json_object_set_string_member (task, "state", "waiting");
      json_array_add_object_element (tasks, task);
      json_object_set_string_member (listener, "name", "on_door");
      json_object_set_string_member (listener, "description", "sensor.door");
      json_array_add_object_element (listeners, listener);
      json_object_set_object_member (result, "clock", clock);
      json_object_set_array_member (result, "states", states);
      json_object_set_array_member (result, "jobs", json_array_new ());
      json_object_set_array_member (result, "tasks", tasks);
      json_object_set_array_member (result, "listeners", listeners);
      count_run ();
    }
  else if (g_str_equal (method, "apply"))
    {
      JsonObject *step = json_object_get_object_member (params, "step");
      JsonArray *observations = json_object_get_array_member (step, "observations");
      JsonObject *outcome = json_object_new ();

      for (guint i = 0; i < json_array_get_length (observations); i++)
        write_line (json_array_get_object_element (observations, i));
      json_object_set_boolean_member (outcome, "ok", TRUE);
      /* What came before shows in the outcome, as a real step's calls and states do. */
      json_object_set_int_member (outcome, "n_before", fake_n_applied++);
      if (json_object_has_member (step, "outcome_by_run"))
        {
          JsonArray *by_run = json_object_get_array_member (step, "outcome_by_run");
          guint n = json_array_get_length (by_run);

          json_object_set_member (outcome, "value",
                                  json_node_copy (json_array_get_element (by_run,
                                                                          MIN (fake_run, n) - 1)));
        }
      json_object_set_object_member (result, "outcome", outcome);
    }
  return result;
}

/* Answers hello/load/start/apply (streaming the step's "observations" first) and
 * anything else with {}; exits when its input closes. */
static int
run_fake_host (void)
{
  char line[65536];

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonObject) reply = json_object_new ();
      JsonObject *request, *params = NULL;

      if (!json_parser_load_from_data (parser, line, -1, NULL))
        return 2;
      request = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (request, "params") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (request, "params")))
        params = json_object_get_object_member (request, "params");
      json_object_set_int_member (reply, "id", json_object_get_int_member (request, "id"));
      json_object_set_object_member (reply, "result",
                                     fake_result (json_object_get_string_member (request, "method"),
                                                  params));
      write_line (reply);
      fflush (stdout);
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (argc > 1 && g_str_equal (argv[1], "--fake-host"))
    return run_fake_host ();

  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/session/keyed-upsert-in-place", test_keyed_upsert_in_place);
  g_test_add_func ("/hassbench/session/keyed-removals", test_keyed_removals);
  g_test_add_func ("/hassbench/session/one-change-per-batch", test_one_change_per_batch);
  g_test_add_func ("/hassbench/session/append-only", test_append_only);
  g_test_add_func ("/hassbench/session/malformed-observations", test_malformed_observations);
  g_test_add_func ("/hassbench/session/failed-task-without-step", test_failed_task_without_step);
  g_test_add_func ("/hassbench/session/snapshot-fills-keyed-panes",
                   test_snapshot_fills_keyed_panes);
  g_test_add_func ("/hassbench/session/failed-task-errors-step", test_failed_task_errors_step);
  g_test_add_func ("/hassbench/session/insert-reruns", test_insert_reruns);
  g_test_add_func ("/hassbench/session/seek-back-and-forward", test_seek_back_and_forward);
  g_test_add_func ("/hassbench/session/fork-and-restore", test_fork_and_restore);
  g_test_add_func ("/hassbench/session/disable-marks-changed", test_disable_marks_changed);
  g_test_add_func ("/hassbench/session/nondeterminism", test_nondeterminism);
  g_test_add_func ("/hassbench/session/cancel-seek", test_cancel_seek);
  g_test_add_func ("/hassbench/session/load-step-through", test_load_step_through);
  g_test_add_func ("/hassbench/session/module-reload-marks-changed",
                   test_module_reload_marks_changed);

  status = g_test_run ();
  g_free (self_path);
  return status;
}
