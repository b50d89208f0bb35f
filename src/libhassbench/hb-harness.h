/* hb-harness.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-app.h"
#include "hb-drain-report.h"

G_BEGIN_DECLS

/*
 * HbHarness: runs one app against a simulated house (the reference's AppTestHarness).
 *
 *   g_autoptr(HbHarness) h = hb_harness_new (MY_TYPE_APP, config);
 *   hb_harness_set_start_time (h, t0);        // clock frozen at t0 before the app starts
 *   hb_harness_start (h, &error);
 *   hb_harness_simulate_state_change (h, "binary_sensor.x", "off", "on", NULL, NULL,
 *                                     HB_DEFAULT_TIMEOUT, &error);
 *   hb_recording_api_assert_called_json (hb_harness_get_api (h), "turn_on", ..., &error);
 *   hb_harness_stop (h, &error);
 *
 * Each harness owns its GMainContext, clock, states, bus, scheduler, api and task bucket:
 * harnesses in different threads are independent. A harness must be used from one thread
 * at a time; its operations push its context as the thread default while they run, so GIO
 * work a handler starts completes on it.
 *
 * Every simulate_* validates its arguments and timeout (finite and >= 0, else
 * HB_ERROR_INVALID_ARGUMENT) before anything is sent, applies the event to the state
 * store where it is a state change, emits it, and drains with @timeout. Timeouts are in
 * seconds of real time: they bound waits on things outside the clock.
 *
 * Lifecycle errors: HB_HARNESS_ERROR_NOT_STARTED before start, HB_HARNESS_ERROR_STOPPED
 * after stop.
 */

#define HB_TYPE_HARNESS (hb_harness_get_type ())
G_DECLARE_FINAL_TYPE (HbHarness, hb_harness, HB, HARNESS, GObject)

/**
 * hb_harness_new:
 * @app_type: a subtype of %HB_TYPE_APP
 * @config: (nullable): the app's config; copied
 */
HbHarness       *hb_harness_new                  (GType          app_type,
                                                  JsonObject    *config);
/* Before start: the clock is frozen at @start_time (so jobs made in initialize use it).
 * This does not take the process-wide time lock: the clock is this harness's own
 * (reference hazard 2 fixed), so harnesses with start times run concurrently. Without a
 * start time the clock is live from the real now at start, until freeze_time. */
void             hb_harness_set_start_time       (HbHarness     *self,
                                                  GDateTime     *start_time);
/* Before start: the harness zone (default UTC, never the machine's by accident). */
void             hb_harness_set_time_zone        (HbHarness     *self,
                                                  GTimeZone     *time_zone);
/* Before start: seeds jitter and anything random (default 0). */
void             hb_harness_set_seed             (HbHarness     *self,
                                                  guint64        seed);
/* Before start: seconds of real time initialize may take (default 5). Under a frozen clock,
 * an initialize that can only go on when the clock moves fails at once (same error). */
gboolean         hb_harness_set_startup_timeout  (HbHarness     *self,
                                                  double         seconds,
                                                  GError       **error);
/**
 * hb_harness_start:
 *
 * Takes the app class lock, validates the config (HB_CONFIG_ERROR naming the field;
 * initialize does not run), creates the app and runs initialize on the startup task,
 * waiting for it to finish. A failing initialize is returned as its own error; a
 * deadline overrun is G_IO_ERROR_TIMED_OUT naming what initialize still waits on.
 * On failure everything started is torn down.
 */
gboolean         hb_harness_start                (HbHarness     *self,
                                                  GError       **error);
/* Shuts the app down, cancels its tasks, removes its jobs and listeners, releases the
 * time lock and the class lock. Idempotent. Task failures no drain reported yet are
 * returned (HB_DRAIN_ERROR_TASK_FAILED, in the drain report) after the teardown, so none
 * is lost. shutdown runs only for an app whose start succeeded. */
gboolean         hb_harness_stop                 (HbHarness     *self,
                                                  GError       **error);
gboolean         hb_harness_is_running           (HbHarness     *self);

/* Seeding: writes the store directly with epoch timestamps; fires nothing. Works before
 * start too (reference hazard 7 fixed). */
gboolean         hb_harness_set_state            (HbHarness     *self,
                                                  const char    *entity_id,
                                                  const char    *state,
                                                  JsonObject    *attributes,
                                                  GError       **error);
/* @states: {entity_id: "state" | ["state", {attributes}, "last_changed", "last_updated"]},
 * the last three optional; timestamps default to the epoch, last_updated to last_changed
 * (so a Home Assistant snapshot keeps how long each entity has been in its state). */
gboolean         hb_harness_set_states           (HbHarness     *self,
                                                  JsonObject    *states,
                                                  GError       **error);

/**
 * hb_harness_simulate_state_change:
 * @old_value: (nullable): %NULL means the entity did not exist (null old_state)
 * @new_value: (nullable): %NULL means it was removed (null new_state)
 * @old_attrs: (nullable): %NULL takes the stored attributes; {} means none
 * @new_attrs: (nullable): %NULL takes the stored attributes; {} means none
 *
 * Both states are stamped with the clock's now. The store takes the new state even when
 * the timestamps equal the stored ones.
 */
gboolean         hb_harness_simulate_state_change   (HbHarness   *self,
                                                     const char  *entity_id,
                                                     const char  *old_value,
                                                     const char  *new_value,
                                                     JsonObject  *old_attrs,
                                                     JsonObject  *new_attrs,
                                                     double       timeout,
                                                     GError     **error);
/* @state: (nullable): the state on both sides; NULL takes the stored state. An unseeded
 * entity without @state is HB_ERROR_NOT_FOUND (no silent "unknown"). @old_value,
 * @new_value: (nullable): NULL means the attribute is missing on that side. */
gboolean         hb_harness_simulate_attribute_change (HbHarness  *self,
                                                       const char *entity_id,
                                                       const char *attribute,
                                                       JsonNode   *old_value,
                                                       JsonNode   *new_value,
                                                       const char *state,
                                                       double      timeout,
                                                       GError    **error);
/* @service_data: (nullable): any keys, "timeout", "domain" and "service" included */
gboolean         hb_harness_simulate_call_service   (HbHarness   *self,
                                                     const char  *domain,
                                                     const char  *service,
                                                     JsonObject  *service_data,
                                                     double       timeout,
                                                     GError     **error);
gboolean         hb_harness_simulate_component_loaded (HbHarness *self,
                                                       const char *component,
                                                       double     timeout,
                                                       GError   **error);
gboolean         hb_harness_simulate_service_registered (HbHarness  *self,
                                                         const char *domain,
                                                         const char *service,
                                                         double      timeout,
                                                         GError    **error);
/* @what: "start", "stop" or "restart" */
gboolean         hb_harness_simulate_homeassistant  (HbHarness   *self,
                                                     const char  *what,
                                                     double       timeout,
                                                     GError     **error);
/**
 * hb_harness_simulate_service_status:
 * @previous: the previous status, or -1 for none
 * @exception: (nullable): the failure text, e.g. "ConnectionError: connection lost"
 */
gboolean         hb_harness_simulate_service_status (HbHarness       *self,
                                                     const char      *resource_name,
                                                     HbServiceStatus  status,
                                                     int              previous,
                                                     const char      *exception,
                                                     double           timeout,
                                                     GError         **error);
gboolean         hb_harness_simulate_websocket      (HbHarness   *self,
                                                     gboolean     connected,
                                                     double       timeout,
                                                     GError     **error);
/* @app_key: (nullable): NULL means the harness's own app (reference hazard #1334 fixed) */
gboolean         hb_harness_simulate_app_state_changed (HbHarness       *self,
                                                        const char      *app_key,
                                                        HbServiceStatus  status,
                                                        int              previous,
                                                        const char      *exception,
                                                        double           timeout,
                                                        GError         **error);
/* Any event: the public arbitrary dispatch the reference lacks. */
gboolean         hb_harness_simulate_event          (HbHarness   *self,
                                                     const char  *topic,
                                                     JsonObject  *data,
                                                     double       timeout,
                                                     GError     **error);

/**
 * hb_harness_drain:
 *
 * Runs the harness's context until nothing is runnable and nothing waits on anything but
 * the frozen clock (with a live clock, sleeping tasks are waited for too). No sleeping,
 * no polling. Errors: HB_DRAIN_ERROR_TASK_FAILED when any task failed during the drain
 * (handlers that fail directly included; the report has every pair), else
 * HB_DRAIN_ERROR_TIMEOUT naming pending tasks when @timeout passed. When both happen, the
 * task failure wins and its message says the deadline also passed. The report holds every
 * failure since the previous report (drain, trigger_due_jobs or stop), start included.
 * @timeout 0 runs what is queued once and waits for nothing: it succeeds when that is
 * enough to be quiescent (the reference always fails).
 */
gboolean         hb_harness_drain                (HbHarness     *self,
                                                  double         timeout,
                                                  GError       **error);
/* (transfer none): the report of the last drain, trigger_due_jobs or stop (an empty one
 * before the first) */
HbDrainReport   *hb_harness_get_drain_report     (HbHarness     *self);

/* Takes the process-wide time lock (HB_HARNESS_ERROR_TIME_LOCKED "freeze_time is
 * already held by another harness" if another harness holds it; calling again from the
 * same harness moves the frozen instant) and freezes the clock at @at (NULL: now). */
gboolean         hb_harness_freeze_time          (HbHarness     *self,
                                                  GDateTime     *at,
                                                  GError       **error);
/* Moves the frozen clock; fires nothing. Needs a frozen clock. */
gboolean         hb_harness_advance_time         (HbHarness     *self,
                                                  double         seconds,
                                                  GError       **error);
/* Fires every due entry of one snapshot (jobs, and due timers and sleeps), runs what is
 * runnable without waiting, and returns the number of jobs fired, or -1 when a job (or any
 * task since the last report) failed: HB_DRAIN_ERROR_TASK_FAILED, pairs in the report. */
int              hb_harness_trigger_due_jobs     (HbHarness     *self,
                                                  GError       **error);
/* advance + trigger + drain, with one report for all of it; returns jobs fired, or -1 on
 * error. Needs a frozen clock. */
int              hb_harness_step                 (HbHarness     *self,
                                                  double         seconds,
                                                  double         timeout,
                                                  GError       **error);
/* Advances to the next due job's fire time, triggers and drains. Returns jobs fired
 * (0 when no job is scheduled: the clock does not move), or -1 on error. */
int              hb_harness_next_job             (HbHarness     *self,
                                                  double         timeout,
                                                  GError       **error);
/* Removes the scheduled job @name (the workbench's "Cancel"); an unknown name is
 * HB_ERROR_NOT_FOUND. */
gboolean         hb_harness_remove_job           (HbHarness     *self,
                                                  const char    *name,
                                                  GError       **error);
/* Runs the scheduled job @name now, through its mode guard and without its `where`
 * (the reference's job.submit(); the workbench's "Run Now"), then drains. Its schedule
 * does not change. */
gboolean         hb_harness_run_job              (HbHarness     *self,
                                                  const char    *name,
                                                  double         timeout,
                                                  GError       **error);
/* Drains, then fails with HB_HARNESS_ERROR_STILL_ALIVE naming every job, task and
 * listener still alive. The harness keeps running. */
gboolean         hb_harness_finish               (HbHarness     *self,
                                                  double         timeout,
                                                  GError       **error);

HbRecordingApi  *hb_harness_get_api              (HbHarness     *self);
/* (nullable): the app once started */
HbApp           *hb_harness_get_app              (HbHarness     *self);
/* (nullable): made at start (their owner is the app's unique name); NULL before */
HbBus           *hb_harness_get_bus              (HbHarness     *self);
HbScheduler     *hb_harness_get_scheduler        (HbHarness     *self);
HbStates        *hb_harness_get_states           (HbHarness     *self);
HbClock         *hb_harness_get_clock            (HbHarness     *self);
HbTaskBucket    *hb_harness_get_task_bucket      (HbHarness     *self);
GMainContext    *hb_harness_get_context          (HbHarness     *self);
GType            hb_harness_get_app_type         (HbHarness     *self);

G_END_DECLS
