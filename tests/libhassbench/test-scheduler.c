/* test-scheduler.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <hassbench.h>

#define SEC HB_USEC_PER_SECOND

/* 2024-06-01T07:00:00Z, a Saturday; an even number of seconds. */
#define T0 (G_GINT64_CONSTANT (1717225200) * SEC)

#define OWNER "MotionLights.0"

typedef struct {
  GMainContext *context;
  HbClock      *clock;
  HbTaskBucket *bucket;
  HbScheduler  *scheduler;

  GString      *log;           /* "added:x", "fired:x", "removed:x", "run:x", "error:x:msg" */
  GPtrArray    *failed;        /* "task-name: message" from the exception recorder */
  GPtrArray    *held;          /* tasks held by hold_func, oldest first */
  guint         n_runs;
  guint         n_destroyed;
  gboolean      where_result;
  gboolean      where_fails;
  guint         n_where;
} Fixture;

static void
log_event (Fixture    *f,
           const char *what,
           HbJob      *job)
{
  g_string_append_printf (f->log, "%s%s:%s", f->log->len > 0 ? " " : "", what,
                          hb_job_get_name (job));
}

static void
job_added_cb (HbScheduler *scheduler,
              HbJob       *job,
              Fixture     *f)
{
  log_event (f, "added", job);
}

static void
job_fired_cb (HbScheduler *scheduler,
              HbJob       *job,
              Fixture     *f)
{
  log_event (f, "fired", job);
}

static void
job_removed_cb (HbScheduler *scheduler,
                HbJob       *job,
                Fixture     *f)
{
  log_event (f, "removed", job);
}

static void
error_handler (HbJob        *job,
               const GError *error,
               gpointer      user_data)
{
  Fixture *f = user_data;

  g_string_append_printf (f->log, "%serror:%s:%s", f->log->len > 0 ? " " : "",
                          hb_job_get_name (job), error->message);
}

static void
recorder (HbTask       *task,
          const GError *error,
          gpointer      user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->failed, g_strdup_printf ("%s: %s", hb_task_get_name (task),
                                               error->message));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->context = g_main_context_new ();
  f->clock = hb_clock_new (NULL, f->context);
  g_assert_true (hb_clock_set_usec (f->clock, T0, &error));
  g_assert_no_error (error);
  f->bucket = hb_task_bucket_new (f->clock, f->context);
  f->scheduler = hb_scheduler_new (f->clock, f->bucket, OWNER, 42);
  f->log = g_string_new (NULL);
  f->failed = g_ptr_array_new_with_free_func (g_free);
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->where_result = TRUE;

  g_signal_connect (f->scheduler, "job-added", G_CALLBACK (job_added_cb), f);
  g_signal_connect (f->scheduler, "job-fired", G_CALLBACK (job_fired_cb), f);
  g_signal_connect (f->scheduler, "job-removed", G_CALLBACK (job_removed_cb), f);
  hb_scheduler_set_error_handler (f->scheduler, error_handler, f, NULL);
  hb_task_bucket_add_exception_recorder (f->bucket, recorder, f, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->held, g_ptr_array_unref);
  hb_task_bucket_cancel_all (f->bucket, NULL);
  g_assert_finalize_object (f->scheduler);
  g_clear_object (&f->bucket);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->context, g_main_context_unref);
  g_string_free (f->log, TRUE);
  g_ptr_array_unref (f->failed);
}

/* Advances the frozen clock, fires one snapshot of due entries, runs what is runnable. */
static guint
advance (Fixture *f,
         double   seconds)
{
  g_autoptr(GError) error = NULL;
  guint fired;

  g_assert_true (hb_clock_advance (f->clock, seconds, &error));
  g_assert_no_error (error);
  fired = hb_clock_fire_due (f->clock);
  hb_task_bucket_run_pending (f->bucket);

  return fired;
}

static gboolean
count_func (HbJob    *job,
            HbTask   *task,
            gpointer  user_data,
            GError  **error)
{
  Fixture *f = user_data;

  g_assert_cmpstr (hb_task_get_owner (task), ==, OWNER);
  g_assert_true (g_str_has_prefix (hb_task_get_name (task), "job:"));
  g_assert_cmpstr (hb_task_get_name (task) + 4, ==, hb_job_get_name (job));
  f->n_runs++;
  log_event (f, "run", job);
  return TRUE;
}

/* Holds its task: the run stays in flight until the test finishes it. */
static gboolean
hold_func (HbJob    *job,
           HbTask   *task,
           gpointer  user_data,
           GError  **error)
{
  Fixture *f = user_data;

  f->n_runs++;
  hb_task_hold (task, "the test");
  g_ptr_array_add (f->held, g_object_ref (task));
  return TRUE;
}

static gboolean
fail_func (HbJob    *job,
           HbTask   *task,
           gpointer  user_data,
           GError  **error)
{
  Fixture *f = user_data;

  f->n_runs++;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the light is on fire");
  return FALSE;
}

static gboolean
where_func (HbJob    *job,
            gpointer  user_data,
            GError  **error)
{
  Fixture *f = user_data;

  f->n_where++;
  if (f->where_fails)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "sensor unreadable");
      return FALSE;
    }
  return f->where_result;
}

static void
count_destroy (gpointer user_data)
{
  Fixture *f = user_data;

  f->n_destroyed++;
}

static void
assert_error_contains (const GError *error,
                       GQuark        domain,
                       int           code,
                       const char   *substring)
{
  g_assert_error (error, domain, code);
  if (strstr (error->message, substring) == NULL)
    g_error ("message '%s' lacks '%s'", error->message, substring);
}

static void
test_run_in (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HbJob *job = hb_scheduler_run_in (f->scheduler, "motion_lights_off", 300, count_func, f, NULL,
                                    &error);
  g_autoptr(HbJob) hold = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (job);
  hold = g_object_ref (job);
  g_assert_cmpint (hb_job_get_status (job), ==, HB_JOB_SCHEDULED);
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + 300 * SEC);
  g_assert_cmpint (hb_job_get_fire_at_usec (job), ==, T0 + 300 * SEC);
  g_assert_cmpstr (hb_job_get_owner (job), ==, OWNER);
  g_assert_true (hb_scheduler_lookup_job (f->scheduler, "motion_lights_off") == job);
  g_assert_cmpuint (hb_scheduler_get_n_jobs (f->scheduler), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->scheduler)), ==, 1);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 1);

  g_assert_cmpuint (advance (f, 299), ==, 0);
  g_assert_cmpuint (f->n_runs, ==, 0);
  g_assert_cmpuint (advance (f, 1), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 1);

  g_assert_cmpint (hb_job_get_status (job), ==, HB_JOB_COMPLETED);
  g_assert_cmpuint (hb_job_get_n_runs (job), ==, 1);
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, 0);
  g_assert_null (hb_scheduler_lookup_job (f->scheduler, "motion_lights_off"));
  g_assert_cmpuint (hb_scheduler_get_n_jobs (f->scheduler), ==, 0);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  g_assert_cmpstr (f->log->str, ==,
                   "added:motion_lights_off fired:motion_lights_off removed:motion_lights_off "
                   "run:motion_lights_off");

  /* Nothing more. */
  g_assert_cmpuint (advance (f, 3600), ==, 0);
  g_assert_cmpuint (f->n_runs, ==, 1);
}

static void
test_run_in_rounding (Fixture       *f,
                      gconstpointer  data)
{
  HbJob *half = hb_scheduler_run_in (f->scheduler, "half", 0.5, count_func, f, NULL, NULL);
  HbJob *one_and_half = hb_scheduler_run_in (f->scheduler, "one_and_half", 1.5, count_func, f,
                                             NULL, NULL);

  /* Half to even: T0 + 0.5 -> T0 (even), T0 + 1.5 -> T0 + 2. */
  g_assert_cmpint (hb_job_get_next_run_usec (half), ==, T0);
  g_assert_cmpint (hb_job_get_next_run_usec (one_and_half), ==, T0 + 2 * SEC);

  /* Due now: fires at the next trigger without moving the clock. */
  g_assert_cmpuint (advance (f, 0), ==, 1);
  g_assert_cmpuint (advance (f, 1), ==, 0);
  g_assert_cmpuint (advance (f, 1), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 2);
}

static void
test_one_shot_frees_name (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (hb_scheduler_run_in (f->scheduler, "timer", 10, count_func, f, NULL, NULL));
  /* While scheduled, the name is taken. */
  g_assert_null (hb_scheduler_run_in (f->scheduler, "timer", 10, count_func, f, NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);

  g_assert_cmpuint (advance (f, 10), ==, 1);

  /* Fired: the same name can be scheduled again, cycle after cycle (hazard 21). */
  for (int cycle = 0; cycle < 3; cycle++)
    {
      HbJob *again = hb_scheduler_run_in (f->scheduler, "timer", 10, count_func, f, NULL,
                                          &error);
      g_assert_no_error (error);
      g_assert_nonnull (again);
      g_assert_cmpuint (advance (f, 10), ==, 1);
    }
  g_assert_cmpuint (f->n_runs, ==, 4);
}

static gboolean
rearm_func (HbJob    *job,
            HbTask   *task,
            gpointer  user_data,
            GError  **error)
{
  Fixture *f = user_data;

  f->n_runs++;
  /* Its own name is already free while it runs. */
  return hb_scheduler_run_in (f->scheduler, hb_job_get_name (job), 30, rearm_func, f, NULL,
                              error) != NULL;
}

static void
test_rearm_from_own_run (Fixture       *f,
                         gconstpointer  data)
{
  g_assert_nonnull (hb_scheduler_run_in (f->scheduler, "heartbeat", 30, rearm_func, f, NULL,
                                         NULL));
  for (int i = 0; i < 5; i++)
    g_assert_cmpuint (advance (f, 30), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 5);
  g_assert_cmpuint (f->failed->len, ==, 0);
  g_assert_cmpint (hb_job_get_next_run_usec (hb_scheduler_lookup_job (f->scheduler, "heartbeat")),
                   ==, T0 + 180 * SEC);
}

static void
test_duplicate_name (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->n_destroyed = 0;
  g_assert_nonnull (hb_scheduler_run_every (f->scheduler, "poll", 60, count_func, f, NULL,
                                            NULL));
  g_assert_null (hb_scheduler_run_cron (f->scheduler, "poll", "* * * * *", count_func, f,
                                        count_destroy, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME);
  g_assert_cmpstr (error->message, ==,
                   "A job named 'poll' already exists in scheduler for 'MotionLights.0'. "
                   "Job names must be unique per scheduler instance.");
  /* The rejected job's data was released. */
  g_assert_cmpuint (f->n_destroyed, ==, 1);
  g_assert_cmpuint (hb_scheduler_get_n_jobs (f->scheduler), ==, 1);
}

static void
test_if_exists (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbTrigger) every = hb_trigger_every (60, 0, NULL);
  g_autoptr(HbTrigger) every_2 = hb_trigger_every (120, 0, NULL);
  g_autoptr(HbJob) first = hb_job_new ("poll", every, count_func, f, NULL);
  g_autoptr(HbJob) same = hb_job_new ("poll", every, count_func, f, NULL);
  g_autoptr(HbJob) other = hb_job_new ("poll", every_2, count_func, f, NULL);
  g_autoptr(HbJob) replacement = hb_job_new ("poll", every_2, count_func, f, NULL);

  hb_job_set_group (other, "lights");

  g_assert_true (hb_scheduler_add_job (f->scheduler, first, HB_IF_EXISTS_ERROR, &error) == first);
  g_assert_no_error (error);

  /* skip + same configuration: the existing job */
  g_assert_true (hb_scheduler_add_job (f->scheduler, same, HB_IF_EXISTS_SKIP, &error) == first);
  g_assert_no_error (error);
  g_assert_cmpint (hb_job_get_status (same), ==, HB_JOB_SCHEDULED);
  g_assert_cmpuint (hb_scheduler_get_n_jobs (f->scheduler), ==, 1);

  /* skip + different configuration: an error naming what changed */
  g_assert_null (hb_scheduler_add_job (f->scheduler, other, HB_IF_EXISTS_SKIP, &error));
  assert_error_contains (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME, "changed: trigger, group");
  assert_error_contains (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME, "'poll'");
  g_clear_error (&error);

  /* replace: the old one is removed, the new one scheduled */
  g_assert_true (hb_scheduler_add_job (f->scheduler, replacement, HB_IF_EXISTS_REPLACE, &error)
                 == replacement);
  g_assert_no_error (error);
  g_assert_cmpint (hb_job_get_status (first), ==, HB_JOB_REMOVED);
  g_assert_true (hb_scheduler_lookup_job (f->scheduler, "poll") == replacement);
  g_assert_cmpint (hb_job_get_next_run_usec (replacement), ==, T0 + 120 * SEC);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 1);
  g_assert_cmpstr (f->log->str, ==, "added:poll removed:poll added:poll");

  /* A job cannot be added twice. */
  g_assert_null (hb_scheduler_add_job (f->scheduler, first, HB_IF_EXISTS_REPLACE, &error));
  assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "already added");
}

static void
test_run_once (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HbJob *later = hb_scheduler_run_once (f->scheduler, "later", "07:30", count_func, f, NULL,
                                        &error);
  HbJob *earlier = hb_scheduler_run_once (f->scheduler, "earlier", "06:00:15", count_func, f,
                                          NULL, &error);
  HbJob *now = hb_scheduler_run_once (f->scheduler, "now", "07:00", count_func, f, NULL,
                                      &error);

  g_assert_no_error (error);
  g_assert_cmpint (hb_job_get_next_run_usec (later), ==, T0 + 1800 * SEC);
  /* Not strictly in the future: tomorrow. */
  g_assert_cmpint (hb_job_get_next_run_usec (earlier), ==, T0 + (23 * 3600 + 15) * SEC);
  g_assert_cmpint (hb_job_get_next_run_usec (now), ==, T0 + 86400 * SEC);
  g_assert_cmpint (hb_trigger_get_kind (hb_job_get_trigger (later)), ==, HB_TRIGGER_ONCE);

  g_assert_cmpuint (advance (f, 1800), ==, 1);
  g_assert_cmpuint (advance (f, 86400), ==, 2);
  g_assert_cmpuint (f->n_runs, ==, 3);
  g_assert_cmpuint (hb_scheduler_get_n_jobs (f->scheduler), ==, 0);
}

static void
test_run_once_zone (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  HbJob *job;

  if (berlin == NULL)
    {
      g_test_skip ("Europe/Berlin is not available");
      return;
    }

  /* T0 is 09:00 in Berlin (CEST). */
  hb_clock_set_time_zone (f->clock, berlin);
  job = hb_scheduler_run_once (f->scheduler, "coffee", "09:30", count_func, f, NULL, NULL);
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + 1800 * SEC);
}

static void
test_run_at (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) past = g_date_time_new_from_unix_utc (T0 / SEC - 60);
  g_autoptr(GDateTime) future = g_date_time_new_from_unix_utc (T0 / SEC + 90);
  HbJob *a = hb_scheduler_run_at (f->scheduler, "past", past, count_func, f, NULL, NULL);
  HbJob *b = hb_scheduler_run_at (f->scheduler, "future", future, count_func, f, NULL, NULL);

  g_assert_cmpint (hb_job_get_next_run_usec (a), ==, T0 - 60 * SEC);
  g_assert_cmpint (hb_job_get_next_run_usec (b), ==, T0 + 90 * SEC);
  /* A past instant fires at the next trigger. */
  g_assert_cmpuint (advance (f, 0), ==, 1);
  g_assert_cmpuint (advance (f, 90), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 2);
}

static void
test_run_every (Fixture       *f,
                gconstpointer  data)
{
  HbJob *job = hb_scheduler_run_every (f->scheduler, "poll", 60, count_func, f, NULL, NULL);

  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + 60 * SEC);
  g_assert_cmpuint (advance (f, 59), ==, 0);
  g_assert_cmpuint (advance (f, 1), ==, 1);
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + 120 * SEC);
  g_assert_cmpuint (advance (f, 60), ==, 1);
  /* Five minutes late: the missed ticks coalesce into one fire. */
  g_assert_cmpuint (advance (f, 300), ==, 1);
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + 480 * SEC);
  g_assert_cmpuint (f->n_runs, ==, 3);
  g_assert_cmpint (hb_job_get_status (job), ==, HB_JOB_SCHEDULED);
  g_assert_cmpuint (hb_job_get_n_runs (job), ==, 3);
}

static void
test_run_minutely_hourly (Fixture       *f,
                          gconstpointer  data)
{
  HbJob *minutely = hb_scheduler_run_minutely (f->scheduler, "m", 2, count_func, f, NULL, NULL);
  HbJob *hourly = hb_scheduler_run_hourly (f->scheduler, "h", 1, count_func, f, NULL, NULL);

  g_assert_cmpint (hb_job_get_next_run_usec (minutely), ==, T0 + 120 * SEC);
  g_assert_cmpint (hb_job_get_next_run_usec (hourly), ==, T0 + 3600 * SEC);

  /* One hour, in 2-minute steps: 30 minutely fires and 1 hourly. */
  for (int i = 0; i < 30; i++)
    advance (f, 120);
  g_assert_cmpuint (hb_job_get_n_runs (minutely), ==, 30);
  g_assert_cmpuint (hb_job_get_n_runs (hourly), ==, 1);
}

static void
test_run_daily (Fixture       *f,
                gconstpointer  data)
{
  HbJob *job = hb_scheduler_run_daily (f->scheduler, "morning", "07:30", count_func, f, NULL,
                                       NULL);
  g_autoptr(JsonObject) json = NULL;

  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + 1800 * SEC);
  g_assert_cmpuint (advance (f, 1800), ==, 1);
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + (1800 + 86400) * SEC);
  /* A week in one step: one fire (coalesced), then back on the grid. */
  g_assert_cmpuint (advance (f, 7 * 86400), ==, 1);
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + (1800 + 8 * 86400) * SEC);
  g_assert_cmpuint (f->n_runs, ==, 2);

  json = hb_job_to_json (job, NULL);
  g_assert_cmpstr (json_object_get_string_member (json, "name"), ==, "morning");
  g_assert_true (json_object_get_null_member (json, "group"));
  g_assert_cmpstr (json_object_get_string_member (json, "trigger"), ==, "cron 30 7 * * *");
  g_assert_cmpstr (json_object_get_string_member (json, "next_run"), ==,
                   "2024-06-09T07:30:00+00:00");
  g_assert_cmpstr (json_object_get_string_member (json, "status"), ==, "scheduled");
  g_assert_cmpstr (json_object_get_string_member (json, "mode"), ==, "single");
  g_assert_cmpint (json_object_get_int_member (json, "runs"), ==, 2);
}

static void
test_run_cron (Fixture       *f,
               gconstpointer  data)
{
  HbJob *job = hb_scheduler_run_cron (f->scheduler, "quarter", "*/15 * * * *", count_func, f,
                                      NULL, NULL);

  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + 900 * SEC);
  for (int i = 0; i < 4; i++)
    g_assert_cmpuint (advance (f, 900), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 4);
  /* An hour at once: one fire. */
  g_assert_cmpuint (advance (f, 3600), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 5);
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + 2 * 3600 * SEC + 900 * SEC);
}

static void
test_cron_dst (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = NULL;
  HbJob *job;

  if (berlin == NULL)
    {
      g_test_skip ("Europe/Berlin is not available");
      return;
    }

  /* 2025-03-29 12:00 UTC; 02:30 does not exist on Sunday the 30th in Berlin. */
  hb_clock_set_time_zone (f->clock, berlin);
  start = g_date_time_new_utc (2025, 3, 29, 12, 0, 0);
  g_assert_true (hb_clock_set_usec (f->clock, g_date_time_to_unix (start) * SEC, &error));
  job = hb_scheduler_run_daily (f->scheduler, "night", "02:30", count_func, f, NULL, NULL);

  /* Two days of hours: fires on Monday 02:30 CEST (00:30 UTC) only. */
  for (int hour = 0; hour < 48; hour++)
    advance (f, 3600);
  g_assert_cmpuint (f->n_runs, ==, 1);
  /* Next: Tuesday 02:30 CEST = 2025-04-01 00:30 UTC. */
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==,
                   (g_date_time_to_unix (start) + 60 * 3600 + 1800) * SEC);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  struct {
    const char *what;
    GQuark      domain;
    int         code;
    const char *substring;
  } expected[] = {
    { "run_in 0", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "Invalid delay: 0 seconds" },
    { "run_in -1", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "Invalid delay: -1 seconds" },
    { "run_in nan", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "must be finite" },
    { "run_in inf", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "must be finite" },
    { "run_every 0", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "Invalid interval: 0 seconds" },
    { "run_every 1.5", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "whole number of seconds" },
    { "run_every -60", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "greater than 0" },
    { "run_minutely 0", HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
      "Invalid minutes for job 'j': 0 (must be >= 1)" },
    { "run_hourly 0", HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
      "Invalid hours for job 'j': 0 (must be >= 1)" },
    { "run_once 8am", HB_ERROR, HB_ERROR_INVALID_TIME, "Invalid time of day '8am'" },
    { "run_once 25:00", HB_ERROR, HB_ERROR_INVALID_TIME, "Invalid time of day '25:00'" },
    { "run_daily 7.30", HB_ERROR, HB_ERROR_INVALID_TIME, "Invalid time of day '7.30'" },
    { "run_cron bad", HB_ERROR, HB_ERROR_INVALID_CRON,
      "Invalid cron expression: expected 5 fields" },
    { "run_cron 61", HB_ERROR, HB_ERROR_INVALID_CRON,
      "Invalid cron expression: minute: value '61' is out of range 0-59" },
    { "empty name", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "A job needs a non-empty name" },
    { "NULL name", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "A job needs a non-empty name" },
    { "jitter -1", HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
      "Invalid jitter for job 'j': -1 seconds (must be finite and >= 0)" },
    { "jitter nan", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "Invalid jitter for job 'j'" },
  };

  f->n_destroyed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *what = expected[i].what;
      HbScheduler *s = f->scheduler;
      HbJob *job = NULL;

      g_test_message ("%s", what);

      if (g_str_equal (what, "run_in 0"))
        job = hb_scheduler_run_in (s, "j", 0, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_in -1"))
        job = hb_scheduler_run_in (s, "j", -1, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_in nan"))
        job = hb_scheduler_run_in (s, "j", NAN, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_in inf"))
        job = hb_scheduler_run_in (s, "j", INFINITY, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_every 0"))
        job = hb_scheduler_run_every (s, "j", 0, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_every 1.5"))
        job = hb_scheduler_run_every (s, "j", 1.5, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_every -60"))
        job = hb_scheduler_run_every (s, "j", -60, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_minutely 0"))
        job = hb_scheduler_run_minutely (s, "j", 0, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_hourly 0"))
        job = hb_scheduler_run_hourly (s, "j", 0, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_once 8am"))
        job = hb_scheduler_run_once (s, "j", "8am", count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_once 25:00"))
        job = hb_scheduler_run_once (s, "j", "25:00", count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_daily 7.30"))
        job = hb_scheduler_run_daily (s, "j", "7.30", count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_cron bad"))
        job = hb_scheduler_run_cron (s, "j", "bad", count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "run_cron 61"))
        job = hb_scheduler_run_cron (s, "j", "61 * * * *", count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "empty name"))
        job = hb_scheduler_run_in (s, "", 10, count_func, f, count_destroy, &error);
      else if (g_str_equal (what, "NULL name"))
        job = hb_scheduler_run_every (s, NULL, 10, count_func, f, count_destroy, &error);
      else if (g_str_has_prefix (what, "jitter"))
        {
          g_autoptr(HbTrigger) trigger = hb_trigger_every (10, 0, NULL);
          g_autoptr(HbJob) candidate = hb_job_new ("j", trigger, count_func, f, count_destroy);

          hb_job_set_jitter (candidate, g_str_equal (what, "jitter -1") ? -1 : NAN);
          job = hb_scheduler_add_job (s, candidate, HB_IF_EXISTS_ERROR, &error);
        }
      else
        g_assert_not_reached ();

      g_assert_null (job);
      assert_error_contains (error, expected[i].domain, expected[i].code, expected[i].substring);
      /* Trigger errors name the job too. */
      if (!g_str_has_suffix (what, "name"))
        assert_error_contains (error, expected[i].domain, expected[i].code, "'j'");
    }

  /* Nothing was scheduled, and every rejected job's data was released. */
  g_assert_cmpuint (hb_scheduler_get_n_jobs (f->scheduler), ==, 0);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  g_assert_cmpuint (f->n_destroyed, ==, G_N_ELEMENTS (expected));
  g_assert_cmpstr (f->log->str, ==, "");
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HbJob *a = hb_scheduler_run_every (f->scheduler, "a", 10, count_func, f, NULL, NULL);
  g_autoptr(HbJob) hold = g_object_ref (a);

  g_assert_nonnull (hb_scheduler_run_in (f->scheduler, "b", 10, count_func, f, NULL, NULL));
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 2);

  hb_scheduler_remove_job (f->scheduler, a);
  g_assert_cmpint (hb_job_get_status (a), ==, HB_JOB_REMOVED);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 1);
  g_assert_null (hb_scheduler_lookup_job (f->scheduler, "a"));
  /* Idempotent. */
  hb_scheduler_remove_job (f->scheduler, a);
  g_assert_cmpstr (f->log->str, ==, "added:a added:b removed:a");

  /* The name is free at once. */
  g_assert_nonnull (hb_scheduler_run_every (f->scheduler, "a", 10, count_func, f, NULL,
                                            &error));
  g_assert_no_error (error);

  g_assert_true (hb_scheduler_remove_job_by_name (f->scheduler, "b"));
  g_assert_false (hb_scheduler_remove_job_by_name (f->scheduler, "b"));
  g_assert_false (hb_scheduler_remove_job_by_name (f->scheduler, "nope"));

  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpstr (f->log->str, ==,
                   "added:a added:b removed:a added:a removed:b fired:a run:a");
}

static gboolean
never_where (HbJob    *job,
             gpointer  user_data,
             GError  **error)
{
  return FALSE;
}

static void
test_run_now (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbTrigger) trigger = hb_trigger_every (10, 0, NULL);
  g_autoptr(HbJob) job = hb_job_new ("a", trigger, count_func, f, NULL);
  gint64 next;

  hb_job_set_where (job, never_where, NULL, NULL);
  g_assert_nonnull (hb_scheduler_add_job (f->scheduler, job, HB_IF_EXISTS_ERROR, &error));
  g_assert_no_error (error);
  next = hb_job_get_next_run_usec (job);

  /* Runs now, without its where (which would skip every run), and keeps its schedule. */
  g_assert_true (hb_scheduler_run_job_now (f->scheduler, job, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (f->log->str, ==, "added:a run:a");
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, next);
  g_assert_cmpint (hb_job_get_status (job), ==, HB_JOB_SCHEDULED);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 1);

  /* A job no longer scheduled is an error naming it. */
  hb_scheduler_remove_job (f->scheduler, job);
  g_assert_false (hb_scheduler_run_job_now (f->scheduler, job, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "'a'"));
}

static void
test_remove_group_and_all (Fixture       *f,
                           gconstpointer  data)
{
  const char *names[] = { "l1", "x1", "l2", "x2", "l3" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(HbTrigger) trigger = hb_trigger_every (10 + i, 0, NULL);
      g_autoptr(HbJob) job = hb_job_new (names[i], trigger, count_func, f, NULL);

      hb_job_set_group (job, names[i][0] == 'l' ? "lights" : "other");
      g_assert_nonnull (hb_scheduler_add_job (f->scheduler, job, HB_IF_EXISTS_ERROR, NULL));
    }
  g_string_truncate (f->log, 0);

  g_assert_cmpuint (hb_scheduler_remove_group (f->scheduler, "lights"), ==, 3);
  g_assert_cmpuint (hb_scheduler_remove_group (f->scheduler, "lights"), ==, 0);
  g_assert_cmpuint (hb_scheduler_remove_group (f->scheduler, "none"), ==, 0);
  g_assert_cmpstr (f->log->str, ==, "removed:l1 removed:l2 removed:l3");
  g_assert_cmpuint (hb_scheduler_get_n_jobs (f->scheduler), ==, 2);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 2);

  hb_scheduler_remove_all_jobs (f->scheduler);
  g_assert_cmpstr (f->log->str, ==,
                   "removed:l1 removed:l2 removed:l3 removed:x1 removed:x2");
  g_assert_cmpuint (hb_scheduler_get_n_jobs (f->scheduler), ==, 0);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  g_assert_cmpuint (advance (f, 3600), ==, 0);
  g_assert_cmpuint (f->n_runs, ==, 0);
}

static void
test_remove_cancels_run (Fixture       *f,
                         gconstpointer  data)
{
  HbJob *job = hb_scheduler_run_every (f->scheduler, "slow", 10, hold_func, f, NULL, NULL);
  g_autoptr(HbJob) hold = g_object_ref (job);
  HbTask *task;

  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (f->held->len, ==, 1);
  task = g_ptr_array_index (f->held, 0);
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_WAITING);
  g_assert_cmpstr (hb_task_get_name (task), ==, "job:slow");

  hb_scheduler_remove_job (f->scheduler, job);
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_CANCELLED);
  g_assert_cmpint (hb_job_get_status (job), ==, HB_JOB_REMOVED);
  /* Cancellation is not a failure. */
  g_assert_cmpuint (f->failed->len, ==, 0);
}

static void
test_one_shot_in_flight_removed (Fixture       *f,
                                 gconstpointer  data)
{
  HbJob *job = hb_scheduler_run_in (f->scheduler, "slow", 10, hold_func, f, NULL, NULL);
  g_autoptr(HbJob) hold = g_object_ref (job);
  HbTask *task;

  g_assert_cmpuint (advance (f, 10), ==, 1);
  task = g_ptr_array_index (f->held, 0);
  g_assert_cmpint (hb_job_get_status (job), ==, HB_JOB_COMPLETED);
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_WAITING);

  /* Completed, but its run is in flight: removing it cancels that run. */
  hb_scheduler_remove_all_jobs (f->scheduler);
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_CANCELLED);
  g_assert_cmpint (hb_job_get_status (job), ==, HB_JOB_COMPLETED);
}

static gboolean
remove_self_func (HbJob    *job,
                  HbTask   *task,
                  gpointer  user_data,
                  GError  **error)
{
  Fixture *f = user_data;

  f->n_runs++;
  if (f->n_runs == 3)
    hb_scheduler_remove_job (f->scheduler, job);
  return TRUE;
}

static void
test_remove_self (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_nonnull (hb_scheduler_run_every (f->scheduler, "thrice", 5, remove_self_func, f,
                                            NULL, NULL));
  for (int i = 0; i < 6; i++)
    advance (f, 5);
  g_assert_cmpuint (f->n_runs, ==, 3);
  g_assert_cmpuint (hb_scheduler_get_n_jobs (f->scheduler), ==, 0);
  g_assert_cmpuint (hb_clock_get_n_entries (f->clock), ==, 0);
  g_assert_cmpuint (f->failed->len, ==, 0);
}

static void
test_where (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HbTrigger) trigger = hb_trigger_every (10, 0, NULL);
  g_autoptr(HbJob) job = hb_job_new ("guarded", trigger, count_func, f, NULL);

  hb_job_set_where (job, where_func, f, NULL);
  g_assert_nonnull (hb_scheduler_add_job (f->scheduler, job, HB_IF_EXISTS_ERROR, NULL));
  g_string_truncate (f->log, 0);

  /* FALSE: skipped (the entry fired, the job did not run). */
  f->where_result = FALSE;
  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (f->n_where, ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 0);
  g_assert_cmpstr (f->log->str, ==, "fired:guarded");

  f->where_result = TRUE;
  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 1);

  /* Failing: no run, the error handler is called and a failed task reports it. */
  g_string_truncate (f->log, 0);
  f->where_fails = TRUE;
  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 1);
  g_assert_cmpstr (f->log->str, ==,
                   "fired:guarded error:guarded:The where predicate of job 'guarded' failed: "
                   "sensor unreadable");
  g_assert_cmpuint (f->failed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->failed, 0), ==,
                   "scheduler:predicate_error: The where predicate of job 'guarded' failed: "
                   "sensor unreadable");
  /* Still scheduled. */
  g_assert_cmpint (hb_job_get_status (job), ==, HB_JOB_SCHEDULED);
}

static HbJob *
add_mode_job (Fixture *f,
              HbMode   mode)
{
  g_autoptr(HbTrigger) trigger = hb_trigger_every (10, 0, NULL);
  g_autoptr(HbJob) job = hb_job_new ("busy", trigger, hold_func, f, NULL);

  hb_job_set_mode (job, mode);
  return hb_scheduler_add_job (f->scheduler, job, HB_IF_EXISTS_ERROR, NULL);
}

static void
test_mode_single (Fixture       *f,
                  gconstpointer  data)
{
  HbJob *job = add_mode_job (f, HB_MODE_SINGLE);

  g_assert_cmpint (hb_job_get_mode (job), ==, HB_MODE_SINGLE);
  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (advance (f, 10), ==, 1);
  /* In flight: later triggers are dropped. */
  g_assert_cmpuint (f->n_runs, ==, 1);

  hb_task_return (g_ptr_array_index (f->held, 0));
  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 2);
}

static void
test_mode_restart (Fixture       *f,
                   gconstpointer  data)
{
  add_mode_job (f, HB_MODE_RESTART);

  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 2);
  g_assert_cmpint (hb_task_get_state (g_ptr_array_index (f->held, 0)), ==, HB_TASK_CANCELLED);
  g_assert_cmpint (hb_task_get_state (g_ptr_array_index (f->held, 1)), ==, HB_TASK_WAITING);
  g_assert_cmpuint (f->failed->len, ==, 0);
}

static void
test_mode_queued (Fixture       *f,
                  gconstpointer  data)
{
  add_mode_job (f, HB_MODE_QUEUED);

  /* One run, then 14 more triggers: 10 queue up, 4 are dropped. */
  for (int i = 0; i < 15; i++)
    g_assert_cmpuint (advance (f, 10), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 1);

  /* Each finished run lets exactly one queued trigger run. */
  for (guint i = 0; i < HB_MODE_QUEUE_LIMIT; i++)
    {
      hb_task_return (g_ptr_array_index (f->held, i));
      hb_task_bucket_run_pending (f->bucket);
      g_assert_cmpuint (f->n_runs, ==, i + 2);
    }
  hb_task_return (g_ptr_array_index (f->held, HB_MODE_QUEUE_LIMIT));
  hb_task_bucket_run_pending (f->bucket);
  g_assert_cmpuint (f->n_runs, ==, HB_MODE_QUEUE_LIMIT + 1);
}

static void
test_mode_parallel (Fixture       *f,
                    gconstpointer  data)
{
  add_mode_job (f, HB_MODE_PARALLEL);

  for (int i = 0; i < 3; i++)
    advance (f, 10);
  g_assert_cmpuint (f->n_runs, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (hb_task_get_state (g_ptr_array_index (f->held, i)), ==, HB_TASK_WAITING);
}

static void
test_jitter (Fixture       *f,
             gconstpointer  data)
{
  gint64 first[5];

  for (guint seed = 7; seed <= 8; seed++)
    {
      for (int round = 0; round < 2; round++)
        {
          g_autoptr(HbScheduler) scheduler = hb_scheduler_new (f->clock, f->bucket, OWNER, seed);
          gboolean differs = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (first); i++)
            {
              g_autofree char *name = g_strdup_printf ("j%u", i);
              g_autoptr(HbTrigger) trigger = hb_trigger_every (60, 0, NULL);
              g_autoptr(HbJob) job = hb_job_new (name, trigger, count_func, f, NULL);
              gint64 fire_at;

              hb_job_set_jitter (job, 30);
              g_assert_nonnull (hb_scheduler_add_job (scheduler, job, HB_IF_EXISTS_ERROR, NULL));
              fire_at = hb_job_get_fire_at_usec (job);
              g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0 + 60 * SEC);
              g_assert_cmpint (fire_at, >=, T0 + 60 * SEC);
              g_assert_cmpint (fire_at, <=, T0 + 90 * SEC);

              if (seed == 7 && round == 0)
                first[i] = fire_at;
              else if (seed == 7)
                g_assert_cmpint (fire_at, ==, first[i]);   /* same seed, same times */
              else if (fire_at != first[i])
                differs = TRUE;
            }

          if (seed == 8)
            g_assert_true (differs);
        }
    }

  /* Jitter moves the fire time, not the logical time. */
  {
    g_autoptr(HbTrigger) trigger = hb_trigger_after (60, NULL);
    g_autoptr(HbJob) job = hb_job_new ("late", trigger, count_func, f, NULL);
    gint64 fire_at;

    hb_job_set_jitter (job, 5);
    hb_scheduler_add_job (f->scheduler, job, HB_IF_EXISTS_ERROR, NULL);
    fire_at = hb_job_get_fire_at_usec (job);
    g_assert_cmpuint (advance (f, (double) (fire_at - T0 - 1) / SEC), ==, 0);
    g_assert_cmpuint (advance (f, 1e-6), ==, 1);
    g_assert_cmpuint (f->n_runs, ==, 1);
  }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GPtrArray  *mirror)
{
  for (guint i = 0; i < removed; i++)
    g_ptr_array_remove_index (mirror, position);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (model, position + i));
}

static void
assert_model_equals (GListModel *model,
                     GPtrArray  *mirror)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, mirror->len);
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr(HbJob) job = g_list_model_get_item (model, i);
      g_assert_true (job == g_ptr_array_index (mirror, i));
    }
  g_assert_null (g_list_model_get_item (model, mirror->len));
}

static void
test_list_order (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) listed = NULL;
  GListModel *model = G_LIST_MODEL (f->scheduler);

  /* Registered c, a, b; firing a (60), b (30), c (90). */
  hb_scheduler_run_in (f->scheduler, "c", 90, count_func, f, NULL, NULL);
  hb_scheduler_run_in (f->scheduler, "a", 60, count_func, f, NULL, NULL);
  hb_scheduler_run_in (f->scheduler, "b", 30, count_func, f, NULL, NULL);
  {
    g_autoptr(HbJob) group_job = NULL;
    g_autoptr(HbTrigger) trigger = hb_trigger_after (45, NULL);

    group_job = hb_job_new ("g", trigger, count_func, f, NULL);
    hb_job_set_group (group_job, "grp");
    hb_scheduler_add_job (f->scheduler, group_job, HB_IF_EXISTS_ERROR, NULL);
  }

  g_assert_true (g_list_model_get_item_type (model) == HB_TYPE_JOB);
  {
    const char *order[] = { "c", "a", "b", "g" };
    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        g_autoptr(HbJob) job = g_list_model_get_item (model, i);
        g_assert_cmpstr (hb_job_get_name (job), ==, order[i]);
      }
  }

  listed = hb_scheduler_list_jobs (f->scheduler, NULL);
  g_assert_cmpuint (listed->len, ==, 4);
  g_assert_cmpstr (hb_job_get_name (g_ptr_array_index (listed, 0)), ==, "b");
  g_assert_cmpstr (hb_job_get_name (g_ptr_array_index (listed, 1)), ==, "g");
  g_assert_cmpstr (hb_job_get_name (g_ptr_array_index (listed, 2)), ==, "a");
  g_assert_cmpstr (hb_job_get_name (g_ptr_array_index (listed, 3)), ==, "c");
  g_clear_pointer (&listed, g_ptr_array_unref);

  listed = hb_scheduler_list_jobs (f->scheduler, "grp");
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (hb_job_get_name (g_ptr_array_index (listed, 0)), ==, "g");

  g_assert_cmpstr (hb_job_get_name (hb_scheduler_peek_next_job (f->scheduler)), ==, "b");
  advance (f, 30);
  g_assert_cmpstr (hb_job_get_name (hb_scheduler_peek_next_job (f->scheduler)), ==, "g");
  {
    g_autoptr(HbJob) second = g_list_model_get_item (model, 2);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
    g_assert_cmpstr (hb_job_get_name (second), ==, "g");
  }
  hb_scheduler_remove_all_jobs (f->scheduler);
  g_assert_null (hb_scheduler_peek_next_job (f->scheduler));
}

/* Many adds and removals, with and without an observer: positions stay right. */
static void
test_list_model_many (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reference = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (f->scheduler);
  GRand *rand = g_rand_new_with_seed (3);
  gulong handler;
  guint serial = 0;

  /* Phase 1, nobody listening. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *name = g_strdup_printf ("j%u", serial++);
      HbJob *job = hb_scheduler_run_every (f->scheduler, name, 60, count_func, f, NULL, NULL);
      g_ptr_array_add (reference, g_object_ref (job));
    }
  for (guint i = 0; i < 3000; i++)
    {
      guint index = g_rand_int_range (rand, 0, reference->len);
      hb_scheduler_remove_job (f->scheduler, g_ptr_array_index (reference, index));
      g_ptr_array_remove_index (reference, index);
    }
  assert_model_equals (model, reference);

  /* Phase 2, observed: items-changed positions keep a mirror exact. */
  for (guint i = 0; i < reference->len; i++)
    g_ptr_array_add (mirror, g_object_ref (g_ptr_array_index (reference, i)));
  handler = g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), mirror);

  for (guint round = 0; round < 4000; round++)
    {
      if (g_rand_boolean (rand) || reference->len == 0)
        {
          g_autofree char *name = g_strdup_printf ("j%u", serial++);
          HbJob *job = hb_scheduler_run_every (f->scheduler, name, 60, count_func, f, NULL,
                                               NULL);
          g_ptr_array_add (reference, g_object_ref (job));
        }
      else
        {
          guint index = g_rand_int_range (rand, 0, reference->len);
          hb_scheduler_remove_job (f->scheduler, g_ptr_array_index (reference, index));
          g_ptr_array_remove_index (reference, index);
        }
    }
  g_assert_cmpuint (mirror->len, ==, reference->len);
  for (guint i = 0; i < reference->len; i++)
    g_assert_true (g_ptr_array_index (mirror, i) == g_ptr_array_index (reference, i));
  assert_model_equals (model, reference);

  g_signal_handler_disconnect (model, handler);
  g_rand_free (rand);
  hb_scheduler_remove_all_jobs (f->scheduler);
}

static void
test_job_failure (Fixture       *f,
                  gconstpointer  data)
{
  hb_scheduler_run_in (f->scheduler, "broken", 5, fail_func, f, NULL, NULL);
  g_string_truncate (f->log, 0);

  g_assert_cmpuint (advance (f, 5), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 1);
  g_assert_cmpuint (f->failed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->failed, 0), ==, "job:broken: the light is on fire");
  g_assert_cmpstr (f->log->str, ==,
                   "fired:broken removed:broken error:broken:the light is on fire");
  g_assert_cmpuint (hb_task_bucket_get_n_failed (f->bucket), ==, 1);
}

static void
test_job_failure_async (Fixture       *f,
                        gconstpointer  data)
{
  HbTask *task;

  hb_scheduler_run_every (f->scheduler, "later", 5, hold_func, f, NULL, NULL);
  g_assert_cmpuint (advance (f, 5), ==, 1);
  task = g_ptr_array_index (f->held, 0);
  g_string_truncate (f->log, 0);

  hb_task_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CLOSED, "connection gone"));
  g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_FAILED);
  g_assert_cmpstr (f->log->str, ==, "error:later:connection gone");
  g_assert_cmpuint (f->failed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->failed, 0), ==, "job:later: connection gone");

  /* Single mode is free again. */
  g_assert_cmpuint (advance (f, 5), ==, 1);
  g_assert_cmpuint (f->n_runs, ==, 2);
}

static void
test_dispose_with_runs_in_flight (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HbClock) clock = hb_clock_new (NULL, context);
  g_autoptr(HbTaskBucket) bucket = hb_task_bucket_new (clock, context);
  HbScheduler *scheduler = hb_scheduler_new (clock, bucket, OWNER, 0);
  Fixture f = { 0 };
  HbTask *task;

  f.held = g_ptr_array_new_with_free_func (g_object_unref);
  f.scheduler = scheduler;
  hb_scheduler_run_every (scheduler, "slow", 5, hold_func, &f, NULL, NULL);
  hb_scheduler_run_in (scheduler, "once", 5, hold_func, &f, NULL, NULL);
  hb_scheduler_run_in (scheduler, "pending", 50, hold_func, &f, NULL, NULL);
  g_assert_true (hb_clock_advance (clock, 5, NULL));
  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 2);
  g_assert_cmpuint (f.held->len, ==, 2);

  g_assert_finalize_object (scheduler);
  /* Its jobs' entries are gone, and their runs cancelled. */
  g_assert_cmpuint (hb_clock_get_n_entries (clock), ==, 0);
  for (guint i = 0; i < f.held->len; i++)
    {
      task = g_ptr_array_index (f.held, i);
      g_assert_cmpint (hb_task_get_state (task), ==, HB_TASK_CANCELLED);
    }
  g_ptr_array_unref (f.held);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/hassbench/scheduler/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("run-in", test_run_in);
  ADD ("run-in-rounding", test_run_in_rounding);
  ADD ("one-shot-frees-name", test_one_shot_frees_name);
  ADD ("rearm-from-own-run", test_rearm_from_own_run);
  ADD ("duplicate-name", test_duplicate_name);
  ADD ("if-exists", test_if_exists);
  ADD ("run-once", test_run_once);
  ADD ("run-once-zone", test_run_once_zone);
  ADD ("run-at", test_run_at);
  ADD ("run-every", test_run_every);
  ADD ("run-minutely-hourly", test_run_minutely_hourly);
  ADD ("run-daily", test_run_daily);
  ADD ("run-cron", test_run_cron);
  ADD ("cron-dst", test_cron_dst);
  ADD ("validation", test_validation);
  ADD ("remove", test_remove);
  ADD ("run-now", test_run_now);
  ADD ("remove-group-and-all", test_remove_group_and_all);
  ADD ("remove-cancels-run", test_remove_cancels_run);
  ADD ("one-shot-in-flight-removed", test_one_shot_in_flight_removed);
  ADD ("remove-self", test_remove_self);
  ADD ("where", test_where);
  ADD ("mode-single", test_mode_single);
  ADD ("mode-restart", test_mode_restart);
  ADD ("mode-queued", test_mode_queued);
  ADD ("mode-parallel", test_mode_parallel);
  ADD ("jitter", test_jitter);
  ADD ("list-order", test_list_order);
  ADD ("list-model-many", test_list_model_many);
  ADD ("job-failure", test_job_failure);
  ADD ("job-failure-async", test_job_failure_async);

#undef ADD

  g_test_add_func ("/hassbench/scheduler/dispose-with-runs-in-flight",
                   test_dispose_with_runs_in_flight);

  return g_test_run ();
}
