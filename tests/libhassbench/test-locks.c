/* test-locks.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <hassbench.h>

#include <string.h>

/*
 * Real threads: each runs its own harnesses, since each harness owns its context.
 * Two app classes share one implementation: initialize listens on binary_sensor.motion
 * and, when the class's gate is closed, blocks (on a condition, with a deadline that
 * fails the test) until another thread opens it.
 */

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean closed;
  gboolean entered;
  GThread *blocker;   /* the one thread whose initialize stops at the gate */
} Gate;

static Gate gate_a;
static Gate gate_b;

static void
gate_close (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->closed = TRUE;
  gate->entered = FALSE;
  g_mutex_unlock (&gate->mutex);
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->closed = FALSE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->mutex);
}

/* Blocks while the gate is closed; FALSE if it stayed closed for 10 s of real time. */
static gboolean
gate_pass (Gate *gate)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  gboolean passed = TRUE;

  g_mutex_lock (&gate->mutex);
  gate->entered = TRUE;
  g_cond_broadcast (&gate->cond);
  while (gate->closed && passed)
    passed = g_cond_wait_until (&gate->cond, &gate->mutex, deadline);
  g_mutex_unlock (&gate->mutex);

  return passed;
}

/* Waits until a thread is blocked in gate_pass(). */
static void
gate_wait_entered (Gate *gate)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&gate->mutex);
  while (!gate->entered)
    g_assert_true (g_cond_wait_until (&gate->cond, &gate->mutex, deadline));
  g_mutex_unlock (&gate->mutex);
}

#define TEST_TYPE_LOCK_APP_A (test_lock_app_a_get_type ())
G_DECLARE_FINAL_TYPE (TestLockAppA, test_lock_app_a, TEST, LOCK_APP_A, HbApp)
#define TEST_TYPE_LOCK_APP_B (test_lock_app_b_get_type ())
G_DECLARE_FINAL_TYPE (TestLockAppB, test_lock_app_b, TEST, LOCK_APP_B, HbApp)

struct _TestLockAppA
{
  HbApp  parent_instance;
  guint  n_events;
};

struct _TestLockAppB
{
  HbApp  parent_instance;
  guint  n_events;
};

G_DEFINE_FINAL_TYPE (TestLockAppA, test_lock_app_a, HB_TYPE_APP)
G_DEFINE_FINAL_TYPE (TestLockAppB, test_lock_app_b, HB_TYPE_APP)

static guint *
n_events_of (HbApp *app)
{
  if (TEST_IS_LOCK_APP_A (app))
    return &TEST_LOCK_APP_A (app)->n_events;
  return &TEST_LOCK_APP_B (app)->n_events;
}

static gboolean
count_cb (HbEvent   *event,
          HbTask    *task,
          gpointer   user_data,
          GError   **error)
{
  (*n_events_of (user_data))++;
  return TRUE;
}

static gboolean
lock_app_initialize (HbApp    *app,
                     HbTask   *task,
                     GError  **error)
{
  g_autoptr(HbListener) listener = hb_listener_new_state_change ("motion", "binary_sensor.motion");
  Gate *gate = TEST_IS_LOCK_APP_A (app) ? &gate_a : &gate_b;

  if (g_atomic_pointer_get (&gate->blocker) == g_thread_self () && !gate_pass (gate))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "gate never opened");
      return FALSE;
    }

  hb_listener_set_handler (listener, count_cb, app, NULL);
  return hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR, error) != NULL;
}

static void
test_lock_app_a_class_init (TestLockAppAClass *klass)
{
  HB_APP_CLASS (klass)->initialize = lock_app_initialize;
}

static void
test_lock_app_a_init (TestLockAppA *self)
{
}

static void
test_lock_app_b_class_init (TestLockAppBClass *klass)
{
  HB_APP_CLASS (klass)->initialize = lock_app_initialize;
}

static void
test_lock_app_b_init (TestLockAppB *self)
{
}

/* Helpers */

static HbHarness *
new_harness (GType type)
{
  g_autoptr(GDateTime) t0 = g_date_time_new_from_iso8601 ("2024-06-01T07:00:00Z", NULL);
  HbHarness *harness = hb_harness_new (type, NULL);

  hb_harness_set_start_time (harness, t0);
  return harness;
}

static void
assert_manifest_synthesized (GType type)
{
  g_autoptr(JsonObject) manifest = hb_app_class_dup_manifest (type);
  g_autofree char *key = hb_app_key_from_type_name (g_type_name (type));

  g_assert_nonnull (manifest);
  g_assert_cmpstr (json_object_get_string_member (manifest, "class_name"), ==, g_type_name (type));
  g_assert_cmpstr (json_object_get_string_member (manifest, "app_key"), ==, key);
  g_assert_false (json_object_has_member (manifest, "original"));
}

/* One harness life: start, check the class manifest, simulate, stop. */
static void
run_once (GType type)
{
  g_autoptr(HbHarness) harness = new_harness (type);
  g_autoptr(GError) error = NULL;
  HbApp *app;

  g_assert_true (hb_harness_start (harness, &error));
  g_assert_no_error (error);
  app = hb_harness_get_app (harness);

  /* Set while any harness of the class runs. */
  assert_manifest_synthesized (type);
  g_assert_cmpstr (json_object_get_string_member (hb_app_get_manifest (app), "class_name"), ==,
                   g_type_name (type));

  g_assert_true (hb_harness_simulate_state_change (harness, "binary_sensor.motion", "off", "on",
                                                   NULL, NULL, 5, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (*n_events_of (app), ==, 1);
  g_assert_true (hb_harness_stop (harness, &error));
  g_assert_no_error (error);
}

#define N_THREADS 6
#define N_ROUNDS 40

static gpointer
same_class_worker (gpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);

  for (guint i = 0; i < N_ROUNDS; i++)
    run_once (type);
  return NULL;
}

static void
run_threads (GType type)
{
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("harness", same_class_worker, GSIZE_TO_POINTER (type));
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
}

/* Tests */

static void
test_same_class_concurrent_restores_original (void)
{
  g_autoptr(JsonObject) original = hb_json_object_from_string ("{\"original\": true}", NULL);
  g_autoptr(JsonObject) after = NULL;

  hb_app_class_set_manifest (TEST_TYPE_LOCK_APP_A, original);
  run_threads (TEST_TYPE_LOCK_APP_A);

  /* Restored by the last leaver. */
  after = hb_app_class_dup_manifest (TEST_TYPE_LOCK_APP_A);
  g_assert_nonnull (after);
  g_assert_true (hb_json_object_equal (after, original));
  hb_app_class_set_manifest (TEST_TYPE_LOCK_APP_A, NULL);
}

static void
test_same_class_concurrent_unset_stays_unset (void)
{
  g_assert_null (hb_app_class_dup_manifest (TEST_TYPE_LOCK_APP_B));
  run_threads (TEST_TYPE_LOCK_APP_B);
  g_assert_null (hb_app_class_dup_manifest (TEST_TYPE_LOCK_APP_B));
}

static void
test_overlapping_lives_keep_manifest (void)
{
  g_autoptr(HbHarness) first = new_harness (TEST_TYPE_LOCK_APP_A);
  g_autoptr(HbHarness) second = new_harness (TEST_TYPE_LOCK_APP_A);
  g_autoptr(GError) error = NULL;

  g_assert_null (hb_app_class_dup_manifest (TEST_TYPE_LOCK_APP_A));
  g_assert_true (hb_harness_start (first, &error));
  g_assert_true (hb_harness_start (second, &error));
  g_assert_no_error (error);
  g_assert_true (hb_harness_stop (first, &error));
  /* The second is still inside: the manifest stays. */
  assert_manifest_synthesized (TEST_TYPE_LOCK_APP_A);
  g_assert_true (hb_harness_stop (second, &error));
  g_assert_no_error (error);
  g_assert_null (hb_app_class_dup_manifest (TEST_TYPE_LOCK_APP_A));
}

typedef struct
{
  GType    type;
  gboolean started;
} BlockedStart;

static gpointer
blocked_start_worker (gpointer data)
{
  BlockedStart *blocked = data;
  g_autoptr(HbHarness) harness = new_harness (blocked->type);
  g_autoptr(GError) error = NULL;

  g_atomic_pointer_set (&gate_a.blocker, g_thread_self ());
  blocked->started = hb_harness_start (harness, &error);
  g_assert_no_error (error);
  g_assert_true (hb_harness_stop (harness, &error));
  return NULL;
}

/* While a harness of A is inside initialize (blocked in another thread), a harness of
 * @other starts, simulates and stops in this thread: nothing waits for A. */
static void
check_not_blocked_by_a (GType other)
{
  BlockedStart blocked = { TEST_TYPE_LOCK_APP_A, FALSE };
  GThread *thread;

  gate_close (&gate_a);
  thread = g_thread_new ("blocked", blocked_start_worker, &blocked);
  gate_wait_entered (&gate_a);

  run_once (other);

  gate_open (&gate_a);
  g_thread_join (thread);
  g_atomic_pointer_set (&gate_a.blocker, NULL);
  g_assert_true (blocked.started);
}

static void
test_different_classes_never_block (void)
{
  check_not_blocked_by_a (TEST_TYPE_LOCK_APP_B);
  g_assert_null (hb_app_class_dup_manifest (TEST_TYPE_LOCK_APP_A));
  g_assert_null (hb_app_class_dup_manifest (TEST_TYPE_LOCK_APP_B));
}

static void
test_same_class_not_serialised (void)
{
  /* The class lock covers only the manifest read-modify-write, not a harness's life. */
  check_not_blocked_by_a (TEST_TYPE_LOCK_APP_A);
  g_assert_null (hb_app_class_dup_manifest (TEST_TYPE_LOCK_APP_A));
}

static void
test_time_lock (void)
{
  g_autoptr(HbHarness) first = new_harness (TEST_TYPE_LOCK_APP_A);
  g_autoptr(HbHarness) second = new_harness (TEST_TYPE_LOCK_APP_B);
  g_autoptr(HbHarness) third = new_harness (TEST_TYPE_LOCK_APP_B);
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2024-06-01T08:00:00Z", NULL);
  g_autoptr(GDateTime) later = g_date_time_add_hours (at, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (hb_harness_start (first, &error));
  g_assert_true (hb_harness_start (second, &error));
  g_assert_true (hb_harness_start (third, &error));
  g_assert_no_error (error);

  g_assert_true (hb_harness_freeze_time (first, at, &error));
  g_assert_no_error (error);

  g_assert_false (hb_harness_freeze_time (second, at, &error));
  g_assert_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_TIME_LOCKED);
  g_assert_cmpstr (error->message, ==,
                   "freeze_time is already held by another harness — time-controlling tests "
                   "must run in separate processes or one after another");
  g_clear_error (&error);
  /* The failed freeze did not touch the second harness's clock. */
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (second)), ==,
                   g_date_time_to_unix (at) * G_TIME_SPAN_SECOND - 3600 * G_TIME_SPAN_SECOND);

  /* Same harness again: moves the instant. */
  g_assert_true (hb_harness_freeze_time (first, later, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (first)), ==,
                   g_date_time_to_unix (later) * G_TIME_SPAN_SECOND);

  /* Released at stop. */
  g_assert_true (hb_harness_stop (first, &error));
  g_assert_true (hb_harness_freeze_time (second, at, &error));
  g_assert_no_error (error);

  /* Released at dispose too. */
  g_assert_false (hb_harness_freeze_time (third, at, &error));
  g_assert_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_TIME_LOCKED);
  g_clear_error (&error);
  g_clear_object (&second);
  g_assert_true (hb_harness_freeze_time (third, at, &error));
  g_assert_no_error (error);
}

static gpointer
freeze_and_wait_worker (gpointer data)
{
  g_autoptr(HbHarness) harness = new_harness (TEST_TYPE_LOCK_APP_B);
  g_autoptr(GError) error = NULL;

  g_assert_true (hb_harness_start (harness, &error));
  g_assert_true (hb_harness_freeze_time (harness, NULL, &error));
  g_assert_no_error (error);
  /* Hold the lock until the main thread has seen it held. */
  g_assert_true (gate_pass (&gate_b));
  g_assert_true (hb_harness_stop (harness, &error));
  return NULL;
}

static void
test_time_lock_across_threads (void)
{
  g_autoptr(HbHarness) harness = new_harness (TEST_TYPE_LOCK_APP_A);
  g_autoptr(GError) error = NULL;
  GThread *thread;

  g_assert_true (hb_harness_start (harness, &error));
  g_assert_no_error (error);

  gate_close (&gate_b);
  thread = g_thread_new ("freezer", freeze_and_wait_worker, NULL);
  gate_wait_entered (&gate_b);

  g_assert_false (hb_harness_freeze_time (harness, NULL, &error));
  g_assert_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_TIME_LOCKED);
  g_clear_error (&error);

  gate_open (&gate_b);
  g_thread_join (thread);
  g_assert_true (hb_harness_freeze_time (harness, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_mutex_init (&gate_a.mutex);
  g_cond_init (&gate_a.cond);
  g_mutex_init (&gate_b.mutex);
  g_cond_init (&gate_b.cond);

  g_test_add_func ("/hassbench/locks/same-class-concurrent-restores-original",
                   test_same_class_concurrent_restores_original);
  g_test_add_func ("/hassbench/locks/same-class-concurrent-unset-stays-unset",
                   test_same_class_concurrent_unset_stays_unset);
  g_test_add_func ("/hassbench/locks/overlapping-lives", test_overlapping_lives_keep_manifest);
  g_test_add_func ("/hassbench/locks/different-classes-never-block",
                   test_different_classes_never_block);
  g_test_add_func ("/hassbench/locks/same-class-not-serialised", test_same_class_not_serialised);
  g_test_add_func ("/hassbench/locks/time-lock", test_time_lock);
  g_test_add_func ("/hassbench/locks/time-lock-across-threads", test_time_lock_across_threads);

  return g_test_run ();
}
