/* test-drain.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <hassbench.h>

#include <string.h>

/*
 * TestDrainApp: one listener per behaviour a drain must handle, each on its own entity
 * (binary_sensor.<listener name>), all firing on any change.
 */

#define TEST_TYPE_DRAIN_APP (test_drain_app_get_type ())
G_DECLARE_FINAL_TYPE (TestDrainApp, test_drain_app, TEST, DRAIN_APP, HbApp)

struct _TestDrainApp
{
  HbApp     parent_instance;
  guint     n_held_finished;
  guint     n_slept;
  guint     n_debounced;
  guint     n_spawned;
};

G_DEFINE_FINAL_TYPE (TestDrainApp, test_drain_app, HB_TYPE_APP)

static gboolean
fail_directly_cb (HbEvent   *event,
                  HbTask    *task,
                  gpointer   user_data,
                  GError   **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "handler exploded on %s",
               hb_event_get_entity_id (event));
  return FALSE;
}

static gboolean
boom_step (HbTask    *task,
           gpointer   user_data,
           GError   **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "boom %s", (const char *) user_data);
  return FALSE;
}

static gboolean
spawn_failures_cb (HbEvent   *event,
                   HbTask    *task,
                   gpointer   user_data,
                   GError   **error)
{
  hb_task_spawn_child (task, "work:first", boom_step, (gpointer) "1", NULL);
  hb_task_spawn_child (task, "work:second", boom_step, (gpointer) "2", NULL);
  return TRUE;
}

static gboolean
finish_held_cb (gpointer user_data)
{
  HbTask *task = user_data;
  TestDrainApp *self = hb_task_get_task_data (task);

  self->n_held_finished++;
  hb_task_return (task);
  return G_SOURCE_REMOVE;
}

static gboolean
hold_then_finish_cb (HbEvent   *event,
                     HbTask    *task,
                     gpointer   user_data,
                     GError   **error)
{
  /* The harness pushed its context: a GIO callback started here completes on it. */
  GSource *source = g_idle_source_new ();

  hb_task_set_task_data (task, user_data, NULL);
  hb_task_hold (task, "a reply from the idle");
  g_source_set_callback (source, finish_held_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
  return TRUE;
}

static gboolean
hold_forever_cb (HbEvent   *event,
                 HbTask    *task,
                 gpointer   user_data,
                 GError   **error)
{
  hb_task_hold (task, "a reply that never comes");
  return TRUE;
}

static gboolean
fail_and_hold_cb (HbEvent   *event,
                  HbTask    *task,
                  gpointer   user_data,
                  GError   **error)
{
  hb_task_spawn_child (task, "work:first", boom_step, (gpointer) "1", NULL);
  hb_task_hold (task, "a reply that never comes");
  return TRUE;
}

static gboolean
after_sleep_step (HbTask    *task,
                  gpointer   user_data,
                  GError   **error)
{
  TEST_DRAIN_APP (user_data)->n_slept++;
  return TRUE;
}

static gboolean
sleep_cb (HbEvent   *event,
          HbTask    *task,
          gpointer   user_data,
          GError   **error)
{
  return hb_task_sleep (task, 60, after_sleep_step, user_data, NULL, error);
}

static gboolean
debounced_cb (HbEvent   *event,
              HbTask    *task,
              gpointer   user_data,
              GError   **error)
{
  TEST_DRAIN_APP (user_data)->n_debounced++;
  return TRUE;
}

static gboolean
respawn_step (HbTask    *task,
              gpointer   user_data,
              GError   **error)
{
  TEST_DRAIN_APP (user_data)->n_spawned++;
  hb_task_spawn_child (task, "work:forever", respawn_step, user_data, NULL);
  return TRUE;
}

static gboolean
perpetual_cb (HbEvent   *event,
              HbTask    *task,
              gpointer   user_data,
              GError   **error)
{
  hb_task_spawn_child (task, "work:forever", respawn_step, user_data, NULL);
  return TRUE;
}

static void
listen (TestDrainApp  *self,
        const char    *name,
        HbHandlerFunc  handler,
        double         debounce)
{
  g_autofree char *entity = g_strdup_printf ("binary_sensor.%s", name);
  g_autoptr(HbListener) listener = hb_listener_new_state_change (name, entity);
  g_autoptr(GError) error = NULL;

  hb_listener_set_handler (listener, handler, self, NULL);
  hb_listener_set_changed (listener, FALSE);
  if (debounce > 0)
    hb_listener_set_debounce (listener, debounce);
  g_assert_nonnull (hb_bus_add_listener (hb_app_get_bus (HB_APP (self)), listener,
                                         HB_IF_EXISTS_ERROR, &error));
  g_assert_no_error (error);
}

static gboolean
test_drain_app_initialize (HbApp    *app,
                           HbTask   *task,
                           GError  **error)
{
  TestDrainApp *self = TEST_DRAIN_APP (app);

  listen (self, "fails", fail_directly_cb, 0);
  listen (self, "spawns", spawn_failures_cb, 0);
  listen (self, "holds", hold_then_finish_cb, 0);
  listen (self, "never", hold_forever_cb, 0);
  listen (self, "both", fail_and_hold_cb, 0);
  listen (self, "sleeps", sleep_cb, 0);
  listen (self, "debounced", debounced_cb, 30);
  listen (self, "perpetual", perpetual_cb, 0);
  return TRUE;
}

static void
test_drain_app_class_init (TestDrainAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = test_drain_app_initialize;
}

static void
test_drain_app_init (TestDrainApp *self)
{
}

/* Helpers */

static HbHarness *
start (gboolean frozen)
{
  g_autoptr(GError) error = NULL;
  HbHarness *harness = hb_harness_new (TEST_TYPE_DRAIN_APP, NULL);

  if (frozen)
    {
      g_autoptr(GDateTime) t0 = g_date_time_new_from_iso8601 ("2024-06-01T07:00:00Z", NULL);

      hb_harness_set_start_time (harness, t0);
    }
  g_assert_true (hb_harness_start (harness, &error));
  g_assert_no_error (error);
  return harness;
}

static gboolean
poke (HbHarness   *harness,
      const char  *name,
      double       timeout,
      GError     **error)
{
  g_autofree char *entity = g_strdup_printf ("binary_sensor.%s", name);

  return hb_harness_simulate_state_change (harness, entity, "off", "on", NULL, NULL, timeout,
                                           error);
}

static TestDrainApp *
app_of (HbHarness *harness)
{
  return TEST_DRAIN_APP (hb_harness_get_app (harness));
}

/* Tests */

static void
test_quiet_drain (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;
  HbDrainReport *report;

  /* timeout 0 with nothing pending succeeds (the reference always fails). */
  g_assert_true (hb_harness_drain (harness, 0, &error));
  g_assert_no_error (error);
  report = hb_harness_get_drain_report (harness);
  g_assert_cmpuint (hb_drain_report_get_n_failures (report), ==, 0);
  g_assert_false (hb_drain_report_get_timed_out (report));
  g_assert_cmpstrv (hb_drain_report_get_pending (report), ((const char *[]) { NULL }));
}

static void
test_timeout_zero_runs_queued_work (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;

  /* Zero waits for nothing outside the clock, but what is queued runs. */
  g_assert_false (poke (harness, "fails", 0, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);
  g_clear_error (&error);
  g_assert_false (poke (harness, "holds", 0, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "within 0s"));
  g_assert_nonnull (strstr (error->message, "'handler:holds'"));
}

static void
test_task_failures_reported (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  HbDrainReport *report;
  JsonArray *failures;

  g_assert_false (poke (harness, "spawns", 1, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "2 handler task exceptions during drain. First: work:first: boom 1 "
                   "(1 more — see hb_harness_get_drain_report())");

  report = hb_harness_get_drain_report (harness);
  g_assert_cmpuint (hb_drain_report_get_n_failures (report), ==, 2);
  g_assert_cmpstr (hb_drain_report_get_task_name (report, 0), ==, "work:first");
  g_assert_error ((GError *) hb_drain_report_get_error (report, 0), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (hb_drain_report_get_error (report, 0)->message, ==, "boom 1");
  g_assert_cmpstr (hb_drain_report_get_task_name (report, 1), ==, "work:second");
  g_assert_cmpstr (hb_drain_report_get_error (report, 1)->message, ==, "boom 2");
  g_assert_false (hb_drain_report_get_timed_out (report));

  json = hb_drain_report_to_json (report);
  failures = json_object_get_array_member (json, "failures");
  g_assert_cmpuint (json_array_get_length (failures), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (failures, 1),
                                                  "message"), ==, "boom 2");

  /* Reported once: the next drain is clean and has an empty report. */
  g_clear_error (&error);
  g_assert_true (hb_harness_drain (harness, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hb_drain_report_get_n_failures (hb_harness_get_drain_report (harness)), ==, 0);
}

static void
test_direct_handler_failure (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;
  HbDrainReport *report;

  /* Reference hazard 5: a handler that fails directly fails the drain. */
  g_assert_false (poke (harness, "fails", 1, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "1 handler task exception during drain. First: handler:fails: "
                   "handler exploded on binary_sensor.fails");
  report = hb_harness_get_drain_report (harness);
  g_assert_cmpuint (hb_drain_report_get_n_failures (report), ==, 1);
  g_assert_error ((GError *) hb_drain_report_get_error (report, 0),
                  G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_timeout_names_tasks (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;
  HbDrainReport *report;

  g_assert_false (poke (harness, "never", 0.05, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==,
                   "drain did not reach quiescence within 0.05s (runnable: 0, waiting: 1, "
                   "sleeping: 0); pending task names: ['handler:never']");
  report = hb_harness_get_drain_report (harness);
  g_assert_true (hb_drain_report_get_timed_out (report));
  g_assert_cmpuint (hb_drain_report_get_n_failures (report), ==, 0);
  g_assert_cmpstrv (hb_drain_report_get_pending (report),
                    ((const char *[]) { "handler:never", NULL }));
}

static void
test_failure_wins_over_timeout (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;
  HbDrainReport *report;

  g_assert_false (poke (harness, "both", 0.05, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "1 handler task exception during drain. First: work:first: boom 1; "
                   "the drain also timed out");
  report = hb_harness_get_drain_report (harness);
  g_assert_true (hb_drain_report_get_timed_out (report));
  g_assert_cmpuint (hb_drain_report_get_n_failures (report), ==, 1);
}

static void
test_perpetual_spawner_times_out (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;

  /* TS-9: a task that keeps queueing work still meets its deadline. */
  g_assert_false (poke (harness, "perpetual", 0.05, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "'work:forever'"));
  g_assert_nonnull (strstr (error->message, "(runnable: 1,"));
  g_assert_cmpuint (app_of (harness)->n_spawned, >, 0);
}

static void
test_sleeping_parked_under_frozen_clock (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;
  HbTaskBucket *bucket = hb_harness_get_task_bucket (harness);

  /* The drain does not wait for a task sleeping on the frozen clock (if it did, it would
   * end in a timeout error). */
  g_assert_true (poke (harness, "sleeps", 5, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hb_task_bucket_get_n_sleeping (bucket), ==, 1);
  g_assert_cmpuint (app_of (harness)->n_slept, ==, 0);
  g_assert_cmpstrv (hb_drain_report_get_pending (hb_harness_get_drain_report (harness)),
                    ((const char *[]) { "handler:sleeps", NULL }));

  g_assert_cmpint (hb_harness_step (harness, 59, 1, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (app_of (harness)->n_slept, ==, 0);
  g_assert_cmpint (hb_harness_step (harness, 1, 1, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (app_of (harness)->n_slept, ==, 1);
  g_assert_cmpuint (hb_task_bucket_get_n_live (bucket), ==, 0);
}

static void
test_held_task_finished_from_context (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_true (poke (harness, "holds", 5, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (app_of (harness)->n_held_finished, ==, 1);
  g_assert_cmpuint (hb_task_bucket_get_n_live (hb_harness_get_task_bucket (harness)), ==, 0);
}

static void
test_debounce_frozen_is_parked (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_true (poke (harness, "debounced", 5, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (app_of (harness)->n_debounced, ==, 0);
  g_assert_cmpint (hb_harness_step (harness, 30, 1, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (app_of (harness)->n_debounced, ==, 1);
}

static void
test_debounce_hint_under_live_clock (void)
{
  g_autoptr(HbHarness) harness = start (FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_false (hb_clock_get_frozen (hb_harness_get_clock (harness)));
  g_assert_false (poke (harness, "debounced", 0.05, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "'handler:debounce'"));
  g_assert_nonnull (strstr (error->message, "sleeping: 1"));
  g_assert_nonnull (strstr (error->message,
                            "pass a timeout larger than the largest debounce delay"));
  g_assert_cmpuint (app_of (harness)->n_debounced, ==, 0);
}

static void
test_stop_reports_undrained_failures (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;
  guint64 recorder_seen;

  /* A failure nobody drained: the handler task runs from the context, outside a drain. */
  g_assert_nonnull (hb_task_bucket_spawn (hb_harness_get_task_bucket (harness), "work:lost",
                                          "test", boom_step, (gpointer) "lost", NULL));
  hb_task_bucket_run_pending (hb_harness_get_task_bucket (harness));
  recorder_seen = hb_task_bucket_get_n_failed (hb_harness_get_task_bucket (harness));
  g_assert_cmpuint (recorder_seen, ==, 1);

  g_assert_false (hb_harness_stop (harness, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);
  g_assert_nonnull (strstr (error->message, "work:lost: boom lost"));
  g_assert_false (hb_harness_is_running (harness));
  g_clear_error (&error);
  g_assert_true (hb_harness_stop (harness, &error));
  g_assert_no_error (error);
}

static void
test_trigger_reports_failures (void)
{
  g_autoptr(HbHarness) harness = start (TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (hb_task_bucket_spawn (hb_harness_get_task_bucket (harness), "work:queued",
                                          "test", boom_step, (gpointer) "queued", NULL));
  g_assert_cmpint (hb_harness_trigger_due_jobs (harness, &error), ==, -1);
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);
  g_assert_nonnull (strstr (error->message, "First: work:queued: boom queued"));
  g_assert_cmpuint (hb_drain_report_get_n_failures (hb_harness_get_drain_report (harness)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/drain/quiet", test_quiet_drain);
  g_test_add_func ("/hassbench/drain/timeout-zero", test_timeout_zero_runs_queued_work);
  g_test_add_func ("/hassbench/drain/task-failures", test_task_failures_reported);
  g_test_add_func ("/hassbench/drain/direct-handler-failure", test_direct_handler_failure);
  g_test_add_func ("/hassbench/drain/timeout-names-tasks", test_timeout_names_tasks);
  g_test_add_func ("/hassbench/drain/failure-wins-over-timeout", test_failure_wins_over_timeout);
  g_test_add_func ("/hassbench/drain/perpetual-spawner", test_perpetual_spawner_times_out);
  g_test_add_func ("/hassbench/drain/sleeping-parked", test_sleeping_parked_under_frozen_clock);
  g_test_add_func ("/hassbench/drain/held-task-finished-from-context",
                   test_held_task_finished_from_context);
  g_test_add_func ("/hassbench/drain/debounce-frozen-parked", test_debounce_frozen_is_parked);
  g_test_add_func ("/hassbench/drain/debounce-hint-live", test_debounce_hint_under_live_clock);
  g_test_add_func ("/hassbench/drain/stop-reports-undrained", test_stop_reports_undrained_failures);
  g_test_add_func ("/hassbench/drain/trigger-reports-failures", test_trigger_reports_failures);

  return g_test_run ();
}
