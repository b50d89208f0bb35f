/* test-task.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <hassbench.h>

#include "hb-task-private.h"

/* 2024-06-01T07:00:00Z */
#define T0_USEC (G_GINT64_CONSTANT (1717225200) * HB_USEC_PER_SECOND)

typedef struct {
  GMainContext *context;
  HbClock      *clock;
  HbTaskBucket *bucket;
  GString      *log;       /* steps, recorders and callbacks append here */
  GArray       *changes;   /* items-changed as (position, removed, added) triples */
  guint         n_started;
  guint         n_changed;
  guint         n_finished;
  guint         n_destroyed;
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  guint triple[3] = { position, removed, added };

  g_array_append_vals (f->changes, triple, 3);
}

static void
task_started_cb (HbTaskBucket *bucket,
                 HbTask       *task,
                 Fixture      *f)
{
  g_assert_true (HB_IS_TASK (task));
  f->n_started++;
}

static void
task_changed_cb (HbTaskBucket *bucket,
                 HbTask       *task,
                 Fixture      *f)
{
  g_assert_false (hb_task_is_finished (task));
  f->n_changed++;
}

static void
task_finished_cb (HbTaskBucket *bucket,
                  HbTask       *task,
                  Fixture      *f)
{
  g_assert_true (hb_task_is_finished (task));
  f->n_finished++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->context = g_main_context_new ();
  f->clock = hb_clock_new (NULL, f->context);
  hb_clock_set_usec (f->clock, T0_USEC, &error);
  g_assert_no_error (error);
  f->bucket = hb_task_bucket_new (f->clock, f->context);
  f->log = g_string_new (NULL);
  f->changes = g_array_new (FALSE, FALSE, sizeof (guint));

  g_signal_connect (f->bucket, "items-changed", G_CALLBACK (items_changed_cb), f);
  g_signal_connect (f->bucket, "task-started", G_CALLBACK (task_started_cb), f);
  g_signal_connect (f->bucket, "task-changed", G_CALLBACK (task_changed_cb), f);
  g_signal_connect (f->bucket, "task-finished", G_CALLBACK (task_finished_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->bucket);
  g_assert_finalize_object (f->clock);
  g_main_context_unref (f->context);
  g_string_free (f->log, TRUE);
  g_array_unref (f->changes);
}

static void
assert_counts (Fixture *f,
               guint    runnable,
               guint    waiting,
               guint    sleeping,
               guint    awaiting)
{
  g_assert_cmpuint (hb_task_bucket_get_n_runnable (f->bucket), ==, runnable);
  g_assert_cmpuint (hb_task_bucket_get_n_waiting (f->bucket), ==, waiting);
  g_assert_cmpuint (hb_task_bucket_get_n_sleeping (f->bucket), ==, sleeping);
  g_assert_cmpuint (hb_task_bucket_get_n_awaiting (f->bucket), ==, awaiting);
  g_assert_cmpuint (hb_task_bucket_get_n_live (f->bucket), ==,
                    runnable + waiting + sleeping + awaiting);
}

/* The list model must always hold the live tasks in creation order. */
static void
assert_model_matches (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (f->bucket);
  g_autoptr(GPtrArray) live = hb_task_bucket_list_live (f->bucket);
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (n, ==, live->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbTask) task = g_list_model_get_item (model, i);

      g_assert_true (task == g_ptr_array_index (live, i));
      if (i > 0)
        g_assert_cmpuint (hb_task_get_id (g_ptr_array_index (live, i - 1)), <,
                          hb_task_get_id (task));
    }
  g_assert_null (g_list_model_get_item (model, n));
}

static void
assert_change (Fixture *f,
               guint    index,
               guint    position,
               guint    removed,
               guint    added)
{
  g_assert_cmpuint (f->changes->len, >, index * 3 + 2);
  g_assert_cmpuint (g_array_index (f->changes, guint, index * 3), ==, position);
  g_assert_cmpuint (g_array_index (f->changes, guint, index * 3 + 1), ==, removed);
  g_assert_cmpuint (g_array_index (f->changes, guint, index * 3 + 2), ==, added);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates @context until @task finished; fails after 10 s instead of hanging. */
static void
iterate_until_finished (GMainContext *context,
                        HbTask       *task)
{
  gboolean timed_out = FALSE;
  GSource *timeout = g_timeout_source_new_seconds (10);

  g_source_set_callback (timeout, timed_out_cb, &timed_out, NULL);
  g_source_attach (timeout, context);

  while (!hb_task_is_finished (task) && !timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_assert_false (timed_out);
}

static void
count_destroy (gpointer data)
{
  Fixture *f = data;

  f->n_destroyed++;
}

/* Steps. Each logs "<task name>;" (or a variant) to f->log. */

static gboolean
step_log (HbTask   *task,
          gpointer  user_data,
          GError  **error)
{
  Fixture *f = user_data;

  g_string_append_printf (f->log, "%s;", hb_task_get_name (task));
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_RUNNING);
  return TRUE;
}

static gboolean
step_then (HbTask   *task,
           gpointer  user_data,
           GError  **error)
{
  Fixture *f = user_data;

  g_string_append_printf (f->log, "then:%s;", hb_task_get_name (task));
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_RUNNING);
  return TRUE;
}

static gboolean
step_fail (HbTask   *task,
           gpointer  user_data,
           GError  **error)
{
  g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "boom in %s", hb_task_get_name (task));
  return FALSE;
}

static gboolean
step_fail_silently (HbTask   *task,
                    gpointer  user_data,
                    GError  **error)
{
  return FALSE;
}

static gboolean
step_hold (HbTask   *task,
           gpointer  user_data,
           GError  **error)
{
  hb_task_hold (task, "a GIO call");
  return TRUE;
}

static gboolean
step_hold_and_return (HbTask   *task,
                      gpointer  user_data,
                      GError  **error)
{
  hb_task_hold (task, "nothing really");
  hb_task_return (task);
  return TRUE;
}

static gboolean
step_hold_and_return_error (HbTask   *task,
                            gpointer  user_data,
                            GError  **error)
{
  hb_task_hold (task, "nothing really");
  hb_task_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "gone"));
  return TRUE;
}

static gboolean
step_sleep_5 (HbTask   *task,
              gpointer  user_data,
              GError  **error)
{
  Fixture *f = user_data;

  return hb_task_sleep (task, 5.0, step_then, f, count_destroy, error);
}

static gboolean
step_cancel_self (HbTask   *task,
                  gpointer  user_data,
                  GError  **error)
{
  Fixture *f = user_data;

  hb_task_cancel (task);
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_CANCELLED);
  /* Asking for more after being cancelled is ignored, without a warning. */
  hb_task_hold (task, "ignored");
  g_string_append (f->log, "cancelled-self;");
  return TRUE;
}

static gboolean
step_spawn_child (HbTask   *task,
                  gpointer  user_data,
                  GError  **error)
{
  Fixture *f = user_data;
  HbTask *child = hb_task_spawn_child (task, "child", step_log, f, NULL);

  g_assert_nonnull (child);
  g_assert_true (hb_task_get_parent (child) == task);
  g_assert_cmpstr (hb_task_get_owner (child), ==, hb_task_get_owner (task));
  g_assert_cmpint (hb_task_get_state (child), ==, HB_TASK_PENDING);
  g_string_append_printf (f->log, "%s;", hb_task_get_name (task));
  return TRUE;
}

static void
test_run_sync_finish (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HbTask) task = NULL;

  task = hb_task_bucket_run (f->bucket, "job:light_off", "my_app", step_log, f, count_destroy);

  g_assert_cmpstr (f->log->str, ==, "job:light_off;");
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_DONE);
  g_assert_true (hb_task_is_finished (task));
  g_assert_null (hb_task_get_error (task));
  g_assert_null (hb_task_get_waits_on (task));
  g_assert_cmpstr (hb_task_get_name (task), ==, "job:light_off");
  g_assert_cmpstr (hb_task_get_owner (task), ==, "my_app");
  g_assert_cmpuint (hb_task_get_id (task), ==, 1);
  g_assert_cmpint (hb_task_get_created_usec (task), ==, T0_USEC);
  g_assert_cmpint (hb_task_get_finished_usec (task), ==, T0_USEC);
  g_assert_null (hb_task_get_parent (task));
  g_assert_cmpuint (f->n_destroyed, ==, 1);

  /* Never in the list model, only in the signals and counters. */
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->bucket)), ==, 0);
  g_assert_cmpuint (f->n_started, ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 0);
  g_assert_cmpuint (f->n_finished, ==, 1);
  g_assert_cmpuint (hb_task_bucket_get_n_started (f->bucket), ==, 1);
  g_assert_cmpuint (hb_task_bucket_get_n_failed (f->bucket), ==, 0);
  assert_counts (f, 0, 0, 0, 0);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 0);
  g_assert_false (g_main_context_pending (f->context));
}

static void
record_failure (HbTask       *task,
                const GError *error,
                gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_FAILED);
  g_assert_true (error == hb_task_get_error (task));
  g_string_append_printf (f->log, "recorded:%s:%s;", hb_task_get_name (task), error->message);
}

static void
test_run_failure (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HbTask) task = NULL;
  const GError *error;

  hb_task_bucket_add_exception_recorder (f->bucket, record_failure, f, NULL);
  task = hb_task_bucket_run (f->bucket, "handler:motion", "bus", step_fail, NULL, NULL);

  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_FAILED);
  error = hb_task_get_error (task);
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "boom in handler:motion");
  g_assert_cmpstr (f->log->str, ==, "recorded:handler:motion:boom in handler:motion;");
  g_assert_cmpuint (hb_task_bucket_get_n_failed (f->bucket), ==, 1);
  g_assert_cmpuint (f->n_finished, ==, 1);
  assert_counts (f, 0, 0, 0, 0);
}

static void
test_run_failure_without_error (Fixture       *f,
                                gconstpointer  data)
{
  HbTask *task;
  const GError *error;

  /* Through the queue this time. */
  task = hb_task_bucket_spawn (f->bucket, "handler:silent", "bus", step_fail_silently,
                               f, count_destroy);
  g_object_ref (task);
  assert_counts (f, 1, 0, 0, 0);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 1);

  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_FAILED);
  error = hb_task_get_error (task);
  g_assert_error (error, HB_ERROR, HB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "'handler:silent'"));
  g_assert_nonnull (strstr (error->message, "without setting an error"));
  g_assert_cmpuint (hb_task_bucket_get_n_failed (f->bucket), ==, 1);
  g_assert_cmpuint (f->n_destroyed, ==, 1);
  assert_counts (f, 0, 0, 0, 0);
  g_object_unref (task);
}

static gboolean
return_from_idle_cb (gpointer user_data)
{
  HbTask *task = user_data;

  if (g_str_equal (hb_task_get_name (task), "fails-later"))
    hb_task_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                     "no answer"));
  else
    hb_task_return (task);

  return G_SOURCE_REMOVE;
}

static void
test_hold_and_return_later (Fixture       *f,
                            gconstpointer  data)
{
  const char *names[] = { "succeeds-later", "fails-later" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(HbTask) task = NULL;
      GSource *idle;

      task = hb_task_bucket_run (f->bucket, names[i], "my_app", step_hold, f, count_destroy);

      g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_WAITING);
      g_assert_cmpstr (hb_task_get_waits_on (task), ==, "a GIO call");
      /* The held step's data stays alive until the task finishes. */
      g_assert_cmpuint (f->n_destroyed, ==, i);
      assert_counts (f, 0, 1, 0, 0);
      assert_model_matches (f);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->bucket)), ==, 1);
      g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 0);

      idle = g_idle_source_new ();
      g_source_set_callback (idle, return_from_idle_cb, task, NULL);
      g_source_attach (idle, f->context);
      g_source_unref (idle);

      iterate_until_finished (f->context, task);

      g_assert_cmpuint (f->n_destroyed, ==, i + 1);
      g_assert_null (hb_task_get_waits_on (task));
      assert_counts (f, 0, 0, 0, 0);
      assert_model_matches (f);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->bucket)), ==, 0);
    }

  g_assert_cmpuint (hb_task_bucket_get_n_failed (f->bucket), ==, 1);
  /* Listed after the first step, removed at the end. */
  g_assert_cmpuint (f->changes->len, ==, 4 * 3);
  assert_change (f, 0, 0, 0, 1);
  assert_change (f, 1, 0, 1, 0);
  assert_change (f, 2, 0, 0, 1);
  assert_change (f, 3, 0, 1, 0);
}

static void
test_hold_and_return_in_step (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(HbTask) done = NULL;
  g_autoptr(HbTask) failed = NULL;

  done = hb_task_bucket_run (f->bucket, "quick", "my_app", step_hold_and_return, NULL, NULL);
  g_assert_cmpint (hb_task_get_state (done), ==, HB_TASK_DONE);

  failed = hb_task_bucket_run (f->bucket, "quick-fail", "my_app", step_hold_and_return_error,
                               NULL, NULL);
  g_assert_cmpint (hb_task_get_state (failed), ==, HB_TASK_FAILED);
  g_assert_error (hb_task_get_error (failed), G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  assert_counts (f, 0, 0, 0, 0);
  g_assert_cmpuint (f->changes->len, ==, 0);
}

static void
test_sleep_frozen_clock (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HbTask *task;

  task = hb_task_bucket_spawn (f->bucket, "handler:debounce", "bus", step_sleep_5, f, NULL);
  g_object_ref (task);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 1);

  /* Parked on the clock. */
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_SLEEPING);
  g_assert_cmpstr (hb_task_get_waits_on (task), ==, "clock until 2024-06-01T07:00:05+00:00");
  assert_counts (f, 0, 0, 1, 0);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 1);
  g_assert_cmpstr (f->log->str, ==, "");
  g_assert_false (g_main_context_pending (f->context));

  /* Not due yet. */
  g_assert_cmpuint (hb_clock_fire_due (f->clock), ==, 0);
  hb_clock_advance (f->clock, 4.0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hb_clock_fire_due (f->clock), ==, 0);
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_SLEEPING);
  assert_counts (f, 0, 0, 1, 0);

  /* Due: PENDING with the continuation queued, which runs in run_pending. A TIMER entry
   * is not a job, so fire_due counts nothing. */
  hb_clock_advance (f->clock, 1.0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hb_clock_fire_due (f->clock), ==, 0);
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_PENDING);
  g_assert_null (hb_task_get_waits_on (task));
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  assert_counts (f, 1, 0, 0, 0);
  g_assert_cmpstr (f->log->str, ==, "");
  g_assert_cmpuint (f->n_destroyed, ==, 0);

  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 1);
  g_assert_cmpstr (f->log->str, ==, "then:handler:debounce;");
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_DONE);
  g_assert_cmpint (hb_task_get_finished_usec (task), ==, T0_USEC + 5 * HB_USEC_PER_SECOND);
  g_assert_cmpuint (f->n_destroyed, ==, 1);
  assert_counts (f, 0, 0, 0, 0);
  assert_model_matches (f);
  g_object_unref (task);
}

static void
test_sleep_live_clock (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HbTask *task;

  /* 1 s of clock time is 1 ms of real time: the clock's own source wakes the task and the
   * bucket's idle source runs the continuation, both on the context. */
  g_assert_true (hb_clock_unfreeze (f->clock, 1000.0, &error));
  g_assert_no_error (error);

  task = g_object_ref (hb_task_bucket_spawn (f->bucket, "live", "my_app", step_sleep_5, f, NULL));
  iterate_until_finished (f->context, task);

  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_DONE);
  g_assert_cmpstr (f->log->str, ==, "then:live;");
  g_assert_cmpint (hb_task_get_finished_usec (task), >=, T0_USEC + 5 * HB_USEC_PER_SECOND);
  assert_counts (f, 0, 0, 0, 0);
  g_object_unref (task);
}

static gboolean
step_sleep_bad (HbTask   *task,
                gpointer  user_data,
                GError  **error)
{
  Fixture *f = user_data;
  double seconds = *(double *) hb_task_get_task_data (task);

  return hb_task_sleep (task, seconds, step_then, f, count_destroy, error);
}

static void
test_sleep_invalid (Fixture       *f,
                    gconstpointer  data)
{
  static const double bad[] = { -1.0, NAN, INFINITY, 1e300 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      HbTask *task = hb_task_bucket_spawn (f->bucket, "sleepy", "my_app", step_sleep_bad, f, NULL);
      const GError *error;

      g_object_ref (task);
      hb_task_set_task_data (task, g_memdup2 (&bad[i], sizeof (double)), g_free);
      hb_task_bucket_run_pending (f->bucket);

      g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_FAILED);
      error = hb_task_get_error (task);
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "'sleepy'"));
      g_assert_nonnull (strstr (error->message, "cannot sleep"));
      /* The continuation's data is freed even though the sleep was refused. */
      g_assert_cmpuint (f->n_destroyed, ==, i + 1);
      g_object_unref (task);
    }

  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  g_assert_cmpuint (hb_task_bucket_get_n_failed (f->bucket), ==, G_N_ELEMENTS (bad));
  g_assert_cmpstr (f->log->str, ==, "");
  assert_counts (f, 0, 0, 0, 0);
}

static gboolean
step_await_other (HbTask   *task,
                  gpointer  user_data,
                  GError  **error)
{
  Fixture *f = user_data;
  HbTask *other = hb_task_get_task_data (task);

  hb_task_await (task, other, step_then, f, NULL);
  return TRUE;
}

static void
test_await (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HbTask) held = NULL;
  HbTask *waiter;

  held = hb_task_bucket_run (f->bucket, "held", "my_app", step_hold, NULL, NULL);
  waiter = hb_task_bucket_spawn (f->bucket, "waiter", "my_app", step_await_other, f, NULL);
  g_object_ref (waiter);
  hb_task_set_task_data (waiter, g_object_ref (held), g_object_unref);

  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 1);
  g_assert_cmpint (hb_task_get_state (waiter), ==, HB_TASK_WAITING);
  g_assert_cmpstr (hb_task_get_waits_on (waiter), ==, "task held");
  assert_counts (f, 0, 1, 0, 1);

  /* Returning an awaiting task is a programming error: it is not held. */
  g_test_expect_message ("Hassbench", G_LOG_LEVEL_CRITICAL, "*'waiter' is not held*");
  hb_task_return (waiter);
  g_test_assert_expected_messages ();
  g_assert_cmpint (hb_task_get_state (waiter), ==, HB_TASK_WAITING);

  hb_task_return (held);
  g_assert_cmpint (hb_task_get_state (held), ==, HB_TASK_DONE);
  g_assert_cmpint (hb_task_get_state (waiter), ==, HB_TASK_PENDING);
  assert_counts (f, 1, 0, 0, 0);
  g_assert_cmpstr (f->log->str, ==, "");

  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 1);
  g_assert_cmpstr (f->log->str, ==, "then:waiter;");
  g_assert_cmpint (hb_task_get_state (waiter), ==, HB_TASK_DONE);
  assert_counts (f, 0, 0, 0, 0);
  g_object_unref (waiter);
}

static void
test_await_finished (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HbTask) finished = NULL;
  g_autoptr(HbTask) waiter = NULL;

  finished = hb_task_bucket_run (f->bucket, "finished", "my_app", step_log, f, NULL);
  g_assert_true (hb_task_is_finished (finished));

  /* Awaiting a finished task queues the continuation at once. */
  waiter = g_object_ref (hb_task_bucket_spawn (f->bucket, "waiter", "my_app", step_await_other,
                                               f, NULL));
  hb_task_set_task_data (waiter, g_object_ref (finished), g_object_unref);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 2);
  g_assert_cmpstr (f->log->str, ==, "finished;then:waiter;");
  g_assert_cmpint (hb_task_get_state (waiter), ==, HB_TASK_DONE);
  assert_counts (f, 0, 0, 0, 0);
}

static void
test_spawn_child (Fixture       *f,
                  gconstpointer  data)
{
  HbTask *parent = hb_task_bucket_spawn (f->bucket, "parent", "my_app", step_spawn_child, f, NULL);

  g_assert_cmpuint (hb_task_get_id (parent), ==, 1);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 2);
  g_assert_cmpstr (f->log->str, ==, "parent;child;");
  g_assert_cmpuint (hb_task_bucket_get_n_started (f->bucket), ==, 2);
  g_assert_cmpuint (f->n_started, ==, 2);
  g_assert_cmpuint (f->n_finished, ==, 2);
  assert_counts (f, 0, 0, 0, 0);
}

static void
done_log (HbTask   *task,
          gpointer  user_data)
{
  Fixture *f = user_data;

  g_assert_true (hb_task_is_finished (task));
  g_string_append_printf (f->log, "done:%s:%s;", hb_task_get_name (task),
                          hb_task_state_to_string (hb_task_get_state (task)));
}

static void
cancelled_cb (GCancellable *cancellable,
              Fixture      *f)
{
  g_string_append (f->log, "cancellable;");
}

static void
assert_cancelled (Fixture *f,
                  HbTask  *task)
{
  const GError *error = hb_task_get_error (task);
  g_autofree char *expected = g_strdup_printf ("Task '%s' was cancelled", hb_task_get_name (task));

  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_CANCELLED);
  g_assert_error (error, HB_ERROR, HB_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_true (g_cancellable_is_cancelled (hb_task_get_cancellable (task)));
  g_assert_null (hb_task_get_waits_on (task));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HbTask) pending = NULL;
  g_autoptr(HbTask) running = NULL;
  g_autoptr(HbTask) held = NULL;
  g_autoptr(HbTask) sleeping = NULL;
  g_autoptr(HbTask) awaited = NULL;
  g_autoptr(HbTask) awaiting = NULL;

  hb_task_bucket_add_exception_recorder (f->bucket, record_failure, f, NULL);

  /* PENDING: leaves the run queue, its step never runs, its data is freed. */
  pending = g_object_ref (hb_task_bucket_spawn (f->bucket, "pending", "my_app", step_log, f,
                                                count_destroy));
  g_signal_connect (hb_task_get_cancellable (pending), "cancelled", G_CALLBACK (cancelled_cb), f);
  _hb_task_add_done_callback (pending, done_log, f, NULL);
  assert_counts (f, 1, 0, 0, 0);
  g_assert_true (g_main_context_pending (f->context));
  hb_task_cancel (pending);
  assert_cancelled (f, pending);
  g_assert_cmpuint (f->n_destroyed, ==, 1);
  assert_counts (f, 0, 0, 0, 0);
  g_assert_false (g_main_context_pending (f->context));
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 0);
  g_assert_cmpstr (f->log->str, ==, "cancellable;done:pending:cancelled;");
  g_string_truncate (f->log, 0);

  /* Cancelling again, or a finished task, does nothing. */
  hb_task_cancel (pending);
  g_assert_cmpstr (f->log->str, ==, "");

  /* RUNNING: cancelled from inside its own step; the step's TRUE no longer counts. */
  running = hb_task_bucket_run (f->bucket, "running", "my_app", step_cancel_self, f, NULL);
  assert_cancelled (f, running);
  g_assert_cmpstr (f->log->str, ==, "cancelled-self;");
  assert_counts (f, 0, 0, 0, 0);
  g_string_truncate (f->log, 0);

  /* WAITING (held): a late return is dropped quietly. */
  held = hb_task_bucket_run (f->bucket, "held", "my_app", step_hold, f, NULL);
  _hb_task_add_done_callback (held, done_log, f, NULL);
  assert_counts (f, 0, 1, 0, 0);
  hb_task_cancel (held);
  assert_cancelled (f, held);
  assert_counts (f, 0, 0, 0, 0);
  hb_task_return (held);
  hb_task_return_error (held, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "late"));
  assert_cancelled (f, held);
  g_assert_cmpstr (f->log->str, ==, "done:held:cancelled;");
  g_string_truncate (f->log, 0);

  /* SLEEPING: its clock entry goes. */
  sleeping = hb_task_bucket_run (f->bucket, "sleeping", "my_app", step_sleep_5, f, NULL);
  assert_counts (f, 0, 0, 1, 0);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 1);
  f->n_destroyed = 0;
  hb_task_cancel (sleeping);
  assert_cancelled (f, sleeping);
  g_assert_cmpuint (f->n_destroyed, ==, 1);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  assert_counts (f, 0, 0, 0, 0);

  /* Awaiting: the awaited task finishing later does not wake it. */
  awaited = hb_task_bucket_run (f->bucket, "awaited", "my_app", step_hold, f, NULL);
  awaiting = g_object_ref (hb_task_bucket_spawn (f->bucket, "awaiting", "my_app",
                                                 step_await_other, f, NULL));
  hb_task_set_task_data (awaiting, g_object_ref (awaited), g_object_unref);
  hb_task_bucket_run_pending (f->bucket);
  assert_counts (f, 0, 1, 0, 1);
  hb_task_cancel (awaiting);
  assert_cancelled (f, awaiting);
  assert_counts (f, 0, 1, 0, 0);
  hb_task_return (awaited);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 0);
  assert_cancelled (f, awaiting);
  g_assert_cmpstr (f->log->str, ==, "");
  assert_counts (f, 0, 0, 0, 0);

  /* Cancellations are not failures. */
  g_assert_cmpuint (hb_task_bucket_get_n_failed (f->bucket), ==, 0);
  g_assert_cmpuint (f->n_finished, ==, 6);
  assert_model_matches (f);
}

static void
test_cancel_parent_keeps_children (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(HbTask) parent = NULL;
  g_auto(GStrv) names = NULL;

  parent = hb_task_bucket_run (f->bucket, "parent", "my_app", step_spawn_child, f, NULL);
  g_assert_cmpint (hb_task_get_state (parent), ==, HB_TASK_DONE);
  names = hb_task_bucket_list_live_names (f->bucket, NULL);
  g_assert_cmpstrv (names, ((const char *[]) { "child", NULL }));
  hb_task_cancel (parent);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 1);
  g_assert_cmpstr (f->log->str, ==, "parent;child;");
}

static void
recorder_a (HbTask       *task,
            const GError *error,
            gpointer      user_data)
{
  g_string_append_printf (((Fixture *) user_data)->log, "a:%s;", hb_task_get_name (task));
}

static void
recorder_b (HbTask       *task,
            const GError *error,
            gpointer      user_data)
{
  g_string_append_printf (((Fixture *) user_data)->log, "b:%s;", hb_task_get_name (task));
}

static void
recorder_c (HbTask       *task,
            const GError *error,
            gpointer      user_data)
{
  g_string_append_printf (((Fixture *) user_data)->log, "c:%s;", hb_task_get_name (task));
}

typedef struct {
  Fixture *f;
  guint    victim;
} RemoverData;

/* Removes another recorder while recorders are being called. */
static void
recorder_remover (HbTask       *task,
                  const GError *error,
                  gpointer      user_data)
{
  RemoverData *data = user_data;

  g_string_append_printf (data->f->log, "remover:%s;", hb_task_get_name (task));
  hb_task_bucket_remove_exception_recorder (data->f->bucket, data->victim);
}

static void
test_exception_recorders (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(HbTask) t1 = NULL;
  g_autoptr(HbTask) t2 = NULL;
  g_autoptr(HbTask) t3 = NULL;
  g_autoptr(HbTask) t4 = NULL;
  g_autoptr(HbTask) ok = NULL;
  RemoverData remover = { f, 0 };
  guint a, b, c, r;

  a = hb_task_bucket_add_exception_recorder (f->bucket, recorder_a, f, NULL);
  b = hb_task_bucket_add_exception_recorder (f->bucket, recorder_b, f, count_destroy);
  c = hb_task_bucket_add_exception_recorder (f->bucket, recorder_c, f, NULL);
  g_assert_cmpuint (a, !=, 0);
  g_assert_cmpuint (b, !=, a);
  g_assert_cmpuint (c, !=, b);

  t1 = hb_task_bucket_run (f->bucket, "t1", "my_app", step_fail, NULL, NULL);
  g_assert_cmpstr (f->log->str, ==, "a:t1;b:t1;c:t1;");

  /* Success is not reported. */
  ok = hb_task_bucket_run (f->bucket, "ok", "my_app", step_log, f, NULL);
  g_assert_cmpstr (f->log->str, ==, "a:t1;b:t1;c:t1;ok;");
  g_string_truncate (f->log, 0);

  hb_task_bucket_remove_exception_recorder (f->bucket, b);
  g_assert_cmpuint (f->n_destroyed, ==, 1);
  /* Unknown and already removed ids are no-ops. */
  hb_task_bucket_remove_exception_recorder (f->bucket, 9999);
  hb_task_bucket_remove_exception_recorder (f->bucket, b);
  g_assert_cmpuint (f->n_destroyed, ==, 1);

  t2 = hb_task_bucket_run (f->bucket, "t2", "my_app", step_fail, NULL, NULL);
  g_assert_cmpstr (f->log->str, ==, "a:t2;c:t2;");
  g_string_truncate (f->log, 0);

  /* A recorder that removes a later one while recorders run: the later one is skipped. */
  remover.victim = c;
  r = hb_task_bucket_add_exception_recorder (f->bucket, recorder_remover, &remover, NULL);
  hb_task_bucket_remove_exception_recorder (f->bucket, a);
  c = hb_task_bucket_add_exception_recorder (f->bucket, recorder_c, f, NULL);
  remover.victim = c;
  t3 = hb_task_bucket_run (f->bucket, "t3", "my_app", step_fail, NULL, NULL);
  g_assert_cmpstr (f->log->str, ==, "c:t3;remover:t3;");
  g_string_truncate (f->log, 0);

  /* The removed one stays removed; the first c is still there. */
  hb_task_bucket_remove_exception_recorder (f->bucket, r);
  t4 = hb_task_bucket_run (f->bucket, "t4", "my_app", step_fail, NULL, NULL);
  g_assert_cmpstr (f->log->str, ==, "c:t4;");
  g_assert_cmpuint (hb_task_bucket_get_n_failed (f->bucket), ==, 4);
}

static gboolean
step_spawn_and_hold (HbTask   *task,
                     gpointer  user_data,
                     GError  **error)
{
  Fixture *f = user_data;

  hb_task_bucket_spawn (f->bucket, "spawned-in-step", "my_app", step_hold, NULL, NULL);
  hb_task_hold (task, "later");
  return TRUE;
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->bucket);
  g_autoptr(HbTask) runner = NULL;
  g_autoptr(HbTask) item = NULL;
  HbTask *a, *b, *c;

  g_assert_true (g_list_model_get_item_type (model) == HB_TYPE_TASK);

  a = hb_task_bucket_spawn (f->bucket, "a", "my_app", step_hold, NULL, NULL);
  b = hb_task_bucket_spawn (f->bucket, "b", "my_app", step_hold, NULL, NULL);
  c = hb_task_bucket_spawn (f->bucket, "c", "my_app", step_hold, NULL, NULL);
  g_assert_cmpuint (f->changes->len, ==, 3 * 3);
  assert_change (f, 0, 0, 0, 1);
  assert_change (f, 1, 1, 0, 1);
  assert_change (f, 2, 2, 0, 1);
  assert_model_matches (f);

  /* Running them changes states, not the model. */
  hb_task_bucket_run_pending (f->bucket);
  g_assert_cmpuint (f->changes->len, ==, 3 * 3);
  assert_counts (f, 0, 3, 0, 0);

  hb_task_cancel (b);
  assert_change (f, 3, 1, 1, 0);
  assert_model_matches (f);

  /* A run() task that outlives its first step is listed after it, before the task its
   * step spawned (creation order). */
  runner = hb_task_bucket_run (f->bucket, "runner", "my_app", step_spawn_and_hold, f, NULL);
  g_assert_cmpuint (f->changes->len, ==, 6 * 3);
  assert_change (f, 4, 2, 0, 1);   /* spawned-in-step appended after a, c */
  assert_change (f, 5, 2, 0, 1);   /* runner inserted before it */
  assert_model_matches (f);
  item = g_list_model_get_item (model, 2);
  g_assert_true (item == runner);

  hb_task_return (a);
  assert_change (f, 6, 0, 1, 0);
  hb_task_return (runner);
  assert_change (f, 7, 1, 1, 0);
  assert_model_matches (f);
  hb_task_return (c);
  assert_change (f, 8, 0, 1, 0);
  assert_model_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  hb_task_bucket_cancel_all (f->bucket, NULL);
  assert_change (f, 9, 0, 1, 0);
  g_assert_cmpuint (f->changes->len, ==, 10 * 3);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  assert_counts (f, 0, 0, 0, 0);
}

static void
test_run_queue_fifo (Fixture       *f,
                     gconstpointer  data)
{
  hb_task_bucket_spawn (f->bucket, "A", "my_app", step_log, f, NULL);
  hb_task_bucket_spawn (f->bucket, "B", "my_app", step_spawn_child, f, NULL);
  hb_task_bucket_spawn (f->bucket, "C", "my_app", step_log, f, NULL);
  assert_counts (f, 3, 0, 0, 0);

  /* Work queued while running joins the end of the queue and runs in the same call. */
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 4);
  g_assert_cmpstr (f->log->str, ==, "A;B;C;child;");
  assert_counts (f, 0, 0, 0, 0);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 0);
}

static void
test_idle_source (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HbTask) last = NULL;

  g_assert_false (g_main_context_pending (f->context));

  hb_task_bucket_spawn (f->bucket, "A", "my_app", step_spawn_child, f, NULL);
  last = g_object_ref (hb_task_bucket_spawn (f->bucket, "B", "my_app", step_log, f, NULL));
  g_assert_true (g_main_context_pending (f->context));
  g_assert_cmpstr (f->log->str, ==, "");

  iterate_until_finished (f->context, last);
  g_assert_cmpstr (f->log->str, ==, "A;B;");

  /* The child queued during the first batch runs in a later dispatch. */
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_assert_cmpstr (f->log->str, ==, "A;B;child;");
  assert_counts (f, 0, 0, 0, 0);

  /* No source once the queue is empty. */
  g_assert_false (g_main_context_pending (f->context));
  g_assert_null (g_main_context_find_source_by_user_data (f->context, f->bucket));
}

static void
test_done_callbacks (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HbTask) task = NULL;

  task = g_object_ref (hb_task_bucket_spawn (f->bucket, "t", "my_app", step_log, f, NULL));
  _hb_task_add_done_callback (task, done_log, f, count_destroy);
  _hb_task_add_done_callback (task, done_log, f, count_destroy);
  g_assert_cmpstr (f->log->str, ==, "");

  hb_task_bucket_run_pending (f->bucket);
  g_assert_cmpstr (f->log->str, ==, "t;done:t:done;done:t:done;");
  g_assert_cmpuint (f->n_destroyed, ==, 2);

  /* Already finished: runs at once, once. */
  _hb_task_add_done_callback (task, done_log, f, count_destroy);
  g_assert_cmpstr (f->log->str, ==, "t;done:t:done;done:t:done;done:t:done;");
  g_assert_cmpuint (f->n_destroyed, ==, 3);
  hb_task_bucket_run_pending (f->bucket);
  g_assert_cmpstr (f->log->str, ==, "t;done:t:done;done:t:done;done:t:done;");

  /* _hb_task_new: queued, full reference. */
  {
    g_autoptr(HbTask) other = _hb_task_new (f->bucket, "new", "bus", step_fail, NULL, NULL);

    g_assert_cmpint (hb_task_get_state (other), ==, HB_TASK_PENDING);
    _hb_task_add_done_callback (other, done_log, f, NULL);
    hb_task_bucket_run_pending (f->bucket);
    g_assert_cmpint (hb_task_get_state (other), ==, HB_TASK_FAILED);
    g_assert_true (g_str_has_suffix (f->log->str, "done:new:failed;"));
  }
}

static void
notify_state_cb (HbTask     *task,
                 GParamSpec *pspec,
                 Fixture    *f)
{
  g_string_append_printf (f->log, "%s;", hb_task_state_to_string (hb_task_get_state (task)));
}

static void
test_notify (Fixture       *f,
             gconstpointer  data)
{
  HbTask *task = hb_task_bucket_spawn (f->bucket, "n", "my_app", step_sleep_5, f, NULL);
  g_autoptr(GError) error = NULL;
  HbTaskState state;
  g_autofree char *waits_on = NULL;

  g_object_ref (task);
  g_signal_connect (task, "notify::state", G_CALLBACK (notify_state_cb), f);

  hb_task_bucket_run_pending (f->bucket);
  g_object_get (task, "state", &state, "waits-on", &waits_on, NULL);
  g_assert_cmpint (state, ==, HB_TASK_SLEEPING);
  g_assert_cmpstr (waits_on, ==, "clock until 2024-06-01T07:00:05+00:00");
  g_assert_cmpstr (f->log->str, ==, "running;sleeping;");
  /* PENDING -> RUNNING, RUNNING -> SLEEPING */
  g_assert_cmpuint (f->n_changed, ==, 2);

  hb_clock_advance (f->clock, 5.0, &error);
  g_assert_no_error (error);
  hb_clock_fire_due (f->clock);
  hb_task_bucket_run_pending (f->bucket);
  g_assert_cmpstr (f->log->str, ==, "running;sleeping;pending;running;then:n;done;");
  g_assert_cmpuint (f->n_changed, ==, 4);
  g_assert_cmpuint (f->n_finished, ==, 1);
  g_object_unref (task);
}

static void
test_owners (Fixture       *f,
             gconstpointer  data)
{
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) app = NULL;
  g_auto(GStrv) after = NULL;

  hb_task_bucket_spawn (f->bucket, "handler:a", "my_app", step_log, f, NULL);
  hb_task_bucket_spawn (f->bucket, "handler:debounce", "bus", step_log, f, NULL);
  hb_task_bucket_spawn (f->bucket, "job:b", "my_app", step_log, f, NULL);
  hb_task_bucket_spawn (f->bucket, "anonymous", NULL, step_log, f, NULL);

  all = hb_task_bucket_list_live_names (f->bucket, NULL);
  g_assert_cmpstrv (all, ((const char *[]) { "handler:a", "handler:debounce", "job:b",
                                             "anonymous", NULL }));
  app = hb_task_bucket_list_live_names (f->bucket, "my_app");
  g_assert_cmpstrv (app, ((const char *[]) { "handler:a", "job:b", NULL }));

  hb_task_bucket_cancel_all (f->bucket, "my_app");
  after = hb_task_bucket_list_live_names (f->bucket, NULL);
  g_assert_cmpstrv (after, ((const char *[]) { "handler:debounce", "anonymous", NULL }));
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 2);
  g_assert_cmpstr (f->log->str, ==, "handler:debounce;anonymous;");
}

static void
test_dispose_cancels (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HbClock) clock = hb_clock_new (NULL, context);
  HbTaskBucket *bucket = hb_task_bucket_new (clock, context);
  Fixture f = { 0 };
  g_autoptr(HbTask) sleeping = NULL;
  HbTask *pending;

  f.bucket = bucket;
  f.log = g_string_new (NULL);

  sleeping = hb_task_bucket_run (bucket, "sleeping", "my_app", step_sleep_5, &f, NULL);
  pending = hb_task_bucket_spawn (bucket, "pending", "my_app", step_log, &f, NULL);
  _hb_task_add_done_callback (sleeping, done_log, &f, NULL);
  _hb_task_add_done_callback (pending, done_log, &f, NULL);
  g_assert_cmpuint (hb_clock_get_n_entries (clock), ==, 1);
  g_assert_true (g_main_context_pending (context));

  g_assert_finalize_object (bucket);
  g_assert_cmpstr (f.log->str, ==, "done:sleeping:cancelled;done:pending:cancelled;");
  g_assert_cmpuint (hb_clock_get_n_entries (clock), ==, 0);
  g_assert_false (g_main_context_pending (context));
  g_assert_cmpint (hb_task_get_state (sleeping), ==, HB_TASK_CANCELLED);
  g_string_free (f.log, TRUE);
}

static void
drop_bucket_recorder (HbTask       *task,
                      const GError *error,
                      gpointer      user_data)
{
  HbTaskBucket **bucket = user_data;

  g_clear_object (bucket);
}

static void
finished_count_cb (HbTaskBucket *bucket,
                   HbTask       *task,
                   guint        *n_finished)
{
  (*n_finished)++;
}

static void
test_bucket_dropped_by_recorder (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HbClock) clock = hb_clock_new (NULL, context);
  HbTaskBucket *bucket = hb_task_bucket_new (clock, context);
  g_autoptr(HbTask) held = NULL;
  g_autoptr(HbTask) other = NULL;
  guint n_finished = 0;

  held = hb_task_bucket_run (bucket, "held", "my_app", step_hold, NULL, NULL);
  other = hb_task_bucket_run (bucket, "other", "my_app", step_hold, NULL, NULL);
  g_signal_connect (bucket, "task-finished", G_CALLBACK (finished_count_cb), &n_finished);
  hb_task_bucket_add_exception_recorder (bucket, drop_bucket_recorder, &bucket, NULL);

  /* The recorder drops the only reference to the bucket while the failure is reported:
   * ::task-finished still goes out, then the bucket goes and cancels the other task. */
  hb_task_return_error (held, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "bye"));
  g_assert_null (bucket);
  g_assert_cmpuint (n_finished, ==, 2);
  g_assert_cmpint (hb_task_get_state (held), ==, HB_TASK_FAILED);
  g_assert_cmpint (hb_task_get_state (other), ==, HB_TASK_CANCELLED);
}

static void
test_misuse (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HbTask) done = NULL;
  g_autoptr(GError) error = NULL;
  HbTask *pending;

  pending = hb_task_bucket_spawn (f->bucket, "pending", "my_app", step_log, f, NULL);

  g_test_expect_message ("Hassbench", G_LOG_LEVEL_CRITICAL,
                         "*'pending' is not held (it is pending)*");
  hb_task_return (pending);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Hassbench", G_LOG_LEVEL_CRITICAL, "*'pending' is not running a step*");
  hb_task_hold (pending, "x");
  g_test_assert_expected_messages ();

  g_test_expect_message ("Hassbench", G_LOG_LEVEL_CRITICAL, "*'pending' is not running a step*");
  g_assert_false (hb_task_sleep (pending, 1.0, step_then, f, count_destroy, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_destroyed, ==, 1);

  done = hb_task_bucket_run (f->bucket, "done", "my_app", step_log, f, NULL);
  g_test_expect_message ("Hassbench", G_LOG_LEVEL_CRITICAL, "*'done' is not held (it is done)*");
  hb_task_return_error (done, g_error_new_literal (HB_ERROR, HB_ERROR_FAILED, "late"));
  g_test_assert_expected_messages ();
  g_assert_cmpint (hb_task_get_state (done), ==, HB_TASK_DONE);
  g_assert_null (hb_task_get_error (done));

  g_test_expect_message ("Hassbench", G_LOG_LEVEL_CRITICAL, "*'done' has finished*");
  g_assert_null (hb_task_spawn_child (done, "orphan", step_log, f, NULL));
  g_test_assert_expected_messages ();

  /* The queued task is untouched by all this. */
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 1);
  g_assert_cmpstr (f->log->str, ==, "done;pending;");
  assert_counts (f, 0, 0, 0, 0);
}

static gboolean
step_sleep_then_fail (HbTask   *task,
                      gpointer  user_data,
                      GError  **error)
{
  Fixture *f = user_data;

  g_assert_true (hb_task_sleep (task, 1.0, step_then, f, count_destroy, error));
  g_set_error_literal (error, HB_ERROR, HB_ERROR_NOT_FOUND, "changed my mind");
  return FALSE;
}

static gboolean
step_double_request (HbTask   *task,
                     gpointer  user_data,
                     GError  **error)
{
  Fixture *f = user_data;

  hb_task_hold (task, "first");
  g_test_expect_message ("Hassbench", G_LOG_LEVEL_CRITICAL,
                         "*'double' already asked to hold, sleep or await*");
  g_assert_false (hb_task_sleep (task, 1.0, step_then, f, count_destroy, error));
  g_test_assert_expected_messages ();
  return TRUE;
}

static gboolean
step_true_with_error (HbTask   *task,
                      gpointer  user_data,
                      GError  **error)
{
  g_set_error_literal (error, HB_ERROR, HB_ERROR_FAILED, "stray");
  return TRUE;
}

static void
test_step_request_edge_cases (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(HbTask) failed = NULL;
  g_autoptr(HbTask) doubled = NULL;
  g_autoptr(HbTask) stray = NULL;

  /* A failing step's request is dropped: no clock entry, the continuation is freed. */
  failed = hb_task_bucket_run (f->bucket, "sleep-then-fail", "my_app", step_sleep_then_fail,
                               f, NULL);
  g_assert_cmpint (hb_task_get_state (failed), ==, HB_TASK_FAILED);
  g_assert_error (hb_task_get_error (failed), HB_ERROR, HB_ERROR_NOT_FOUND);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  g_assert_cmpuint (f->n_destroyed, ==, 1);
  assert_counts (f, 0, 0, 0, 0);

  /* A second request in one step is refused; the first one stands. */
  doubled = hb_task_bucket_run (f->bucket, "double", "my_app", step_double_request, f, NULL);
  g_assert_cmpint (hb_task_get_state (doubled), ==, HB_TASK_WAITING);
  g_assert_cmpstr (hb_task_get_waits_on (doubled), ==, "first");
  g_assert_cmpuint (f->n_destroyed, ==, 2);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  assert_counts (f, 0, 1, 0, 0);
  hb_task_return (doubled);
  g_assert_cmpint (hb_task_get_state (doubled), ==, HB_TASK_DONE);

  /* TRUE with an error set is a bug in the step: reported, the task still succeeds. */
  g_test_expect_message ("Hassbench", G_LOG_LEVEL_CRITICAL,
                         "*'stray' returned TRUE but set an error: stray*");
  stray = hb_task_bucket_run (f->bucket, "stray", "my_app", step_true_with_error, NULL, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpint (hb_task_get_state (stray), ==, HB_TASK_DONE);
  g_assert_null (hb_task_get_error (stray));
  assert_counts (f, 0, 0, 0, 0);
}

static void
cancel_when_running_cb (HbTaskBucket *bucket,
                        HbTask       *task,
                        Fixture      *f)
{
  if (hb_task_get_state (task) == HB_TASK_RUNNING)
    hb_task_cancel (task);
}

/* Step data whose destroy notify cancels its own task. */
typedef struct {
  HbTask *task;
} Holder;

static void
holder_cancel_and_free (gpointer data)
{
  Holder *holder = data;

  hb_task_cancel (holder->task);
  g_free (holder);
}

static gboolean
step_sleep_self_destructing (HbTask   *task,
                             gpointer  user_data,
                             GError  **error)
{
  Fixture *f = hb_task_get_task_data (task);

  return hb_task_sleep (task, 1.0, step_then, f, NULL, error);
}

static void
test_cancel_from_outside_code (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(HbTask) task = NULL;
  g_autoptr(HbTask) other = NULL;
  Holder *holder;
  gulong id;

  /* Cancelled by a ::task-changed handler as it starts running: its step never runs. */
  task = g_object_ref (hb_task_bucket_spawn (f->bucket, "doomed", "my_app", step_log, f,
                                             count_destroy));
  id = g_signal_connect (f->bucket, "task-changed", G_CALLBACK (cancel_when_running_cb), f);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 1);
  g_signal_handler_disconnect (f->bucket, id);
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_CANCELLED);
  g_assert_cmpstr (f->log->str, ==, "");
  g_assert_cmpuint (f->n_destroyed, ==, 1);
  assert_counts (f, 0, 0, 0, 0);

  /* The first step's data is freed once the task sleeps; here freeing it cancels the
   * task, which must leave no clock entry and exact counters behind. */
  holder = g_new0 (Holder, 1);
  other = g_object_ref (hb_task_bucket_spawn (f->bucket, "self-destructing", "my_app",
                                              step_sleep_self_destructing, holder,
                                              holder_cancel_and_free));
  holder->task = other;
  hb_task_set_task_data (other, f, NULL);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 1);
  g_assert_cmpint (hb_task_get_state (other), ==, HB_TASK_CANCELLED);
  assert_counts (f, 0, 0, 0, 0);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  g_assert_cmpstr (f->log->str, ==, "");
}

static gboolean
step_await_new_child (HbTask   *task,
                      gpointer  user_data,
                      GError  **error)
{
  Fixture *f = user_data;
  HbTask *child = hb_task_spawn_child (task, "child", step_log, f, NULL);

  hb_task_await (task, child, step_then, f, count_destroy);
  return TRUE;
}

static void
test_await_child (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HbTask) parent = NULL;

  parent = hb_task_bucket_run (f->bucket, "parent", "my_app", step_await_new_child, f, NULL);
  g_assert_cmpint (hb_task_get_state (parent), ==, HB_TASK_WAITING);
  g_assert_cmpstr (hb_task_get_waits_on (parent), ==, "task child");
  assert_counts (f, 1, 0, 0, 1);
  assert_model_matches (f);

  /* The child runs, the parent's continuation is queued behind it and runs too. */
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, 2);
  g_assert_cmpstr (f->log->str, ==, "child;then:parent;");
  g_assert_cmpint (hb_task_get_state (parent), ==, HB_TASK_DONE);
  g_assert_cmpuint (f->n_destroyed, ==, 1);
  assert_counts (f, 0, 0, 0, 0);
}

static void
recorder_adder (HbTask       *task,
                const GError *error,
                gpointer      user_data)
{
  Fixture *f = user_data;

  g_string_append_printf (f->log, "adder:%s;", hb_task_get_name (task));
  hb_task_bucket_add_exception_recorder (f->bucket, recorder_a, f, NULL);
}

static void
test_recorder_added_while_reporting (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(HbTask) t1 = NULL;
  g_autoptr(HbTask) t2 = NULL;
  guint adder;

  adder = hb_task_bucket_add_exception_recorder (f->bucket, recorder_adder, f, NULL);
  t1 = hb_task_bucket_run (f->bucket, "t1", "my_app", step_fail, NULL, NULL);
  /* The recorder added during the call does not see this failure... */
  g_assert_cmpstr (f->log->str, ==, "adder:t1;");
  hb_task_bucket_remove_exception_recorder (f->bucket, adder);
  /* ...but sees the next one. */
  t2 = hb_task_bucket_run (f->bucket, "t2", "my_app", step_fail, NULL, NULL);
  g_assert_cmpstr (f->log->str, ==, "adder:t1;a:t2;");
}

static void
return_on_cancel_cb (GCancellable *cancellable,
                     HbTask       *task)
{
  /* What a GIO callback does when its operation reports G_IO_ERROR_CANCELLED. */
  hb_task_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                   "Operation was cancelled"));
}

static void
test_cancellable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HbTask) held = NULL;
  g_autoptr(HbTask) done = NULL;

  hb_task_bucket_add_exception_recorder (f->bucket, record_failure, f, NULL);

  held = hb_task_bucket_run (f->bucket, "held", "my_app", step_hold, NULL, NULL);
  g_assert_false (g_cancellable_is_cancelled (hb_task_get_cancellable (held)));
  g_signal_connect (hb_task_get_cancellable (held), "cancelled",
                    G_CALLBACK (return_on_cancel_cb), held);
  hb_task_cancel (held);
  assert_cancelled (f, held);
  g_assert_cmpstr (f->log->str, ==, "");
  g_assert_cmpuint (hb_task_bucket_get_n_failed (f->bucket), ==, 0);

  /* A finished task's cancellable is never cancelled. */
  done = hb_task_bucket_run (f->bucket, "done", "my_app", step_log, f, NULL);
  g_assert_false (g_cancellable_is_cancelled (hb_task_get_cancellable (done)));
  hb_task_cancel (done);
  g_assert_false (g_cancellable_is_cancelled (hb_task_get_cancellable (done)));
  g_assert_cmpint (hb_task_get_state (done), ==, HB_TASK_DONE);
}

static gboolean
step_noop (HbTask   *task,
           gpointer  user_data,
           GError  **error)
{
  return TRUE;
}

static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  const guint n = 20000;

  for (guint i = 0; i < n; i++)
    {
      HbTask *task = hb_task_bucket_run (f->bucket, "job:tick", "scheduler", step_noop, NULL, NULL);

      g_object_unref (task);
    }
  for (guint i = 0; i < n; i++)
    hb_task_bucket_spawn (f->bucket, "handler:h", "bus", step_noop, NULL, NULL);
  assert_counts (f, n, 0, 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->bucket)), ==, n);
  g_assert_cmpuint (hb_task_bucket_run_pending (f->bucket), ==, n);
  assert_counts (f, 0, 0, 0, 0);
  g_assert_cmpuint (hb_task_bucket_get_n_started (f->bucket), ==, 2 * n);
  g_assert_cmpuint (f->n_finished, ==, 2 * n);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/hassbench/task/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("run-sync-finish", test_run_sync_finish);
  ADD ("run-failure", test_run_failure);
  ADD ("run-failure-without-error", test_run_failure_without_error);
  ADD ("hold-and-return-later", test_hold_and_return_later);
  ADD ("hold-and-return-in-step", test_hold_and_return_in_step);
  ADD ("sleep-frozen-clock", test_sleep_frozen_clock);
  ADD ("sleep-live-clock", test_sleep_live_clock);
  ADD ("sleep-invalid", test_sleep_invalid);
  ADD ("await", test_await);
  ADD ("await-finished", test_await_finished);
  ADD ("spawn-child", test_spawn_child);
  ADD ("cancel", test_cancel);
  ADD ("cancel-parent-keeps-children", test_cancel_parent_keeps_children);
  ADD ("exception-recorders", test_exception_recorders);
  ADD ("list-model", test_list_model);
  ADD ("run-queue-fifo", test_run_queue_fifo);
  ADD ("idle-source", test_idle_source);
  ADD ("done-callbacks", test_done_callbacks);
  ADD ("notify", test_notify);
  ADD ("owners", test_owners);
  ADD ("misuse", test_misuse);
  ADD ("step-request-edge-cases", test_step_request_edge_cases);
  ADD ("cancel-from-outside-code", test_cancel_from_outside_code);
  ADD ("await-child", test_await_child);
  ADD ("recorder-added-while-reporting", test_recorder_added_while_reporting);
  ADD ("cancellable", test_cancellable);
  ADD ("many", test_many);
  g_test_add_func ("/hassbench/task/dispose-cancels", test_dispose_cancels);
  g_test_add_func ("/hassbench/task/bucket-dropped-by-recorder", test_bucket_dropped_by_recorder);

#undef ADD

  return g_test_run ();
}
