/* hb-job.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-task.h"
#include "hb-trigger.h"

G_BEGIN_DECLS

/*
 * HbJob: one scheduled job. Make it with hb_job_new(), configure it, then hand it to
 * hb_scheduler_add_job() (or use the hb_scheduler_run_* shortcuts). Setters may only be
 * called before the job is added. Its run is a task named "job:<name>".
 *
 * Its properties are read-only. "status" is notified; "next-run-usec", "fire-at-usec"
 * and "n-runs" change on every fire and are not notified (HbScheduler::job-fired says
 * when), to keep a million fires cheap.
 */

#define HB_TYPE_JOB (hb_job_get_type ())
G_DECLARE_FINAL_TYPE (HbJob, hb_job, HB, JOB, GObject)

/**
 * HbJobFunc:
 *
 * Returns: %FALSE with @error set when the job fails (a drain error)
 */
typedef gboolean (*HbJobFunc) (HbJob     *job,
                               HbTask    *task,
                               gpointer   user_data,
                               GError   **error);
/* A job's `where`: FALSE skips this run. Failing (FALSE + error) is reported as an error. */
typedef gboolean (*HbJobPredicateFunc) (HbJob     *job,
                                        gpointer   user_data,
                                        GError   **error);

HbJob         *hb_job_new            (const char        *name,
                                      HbTrigger         *trigger,
                                      HbJobFunc          func,
                                      gpointer           user_data,
                                      GDestroyNotify     destroy);
void           hb_job_set_group      (HbJob             *self,
                                      const char        *group);
/* Seconds >= 0 added at random (the harness's seed) to each fire time. */
void           hb_job_set_jitter     (HbJob             *self,
                                      double             seconds);
void           hb_job_set_mode       (HbJob             *self,
                                      HbMode             mode);
void           hb_job_set_where      (HbJob             *self,
                                      HbJobPredicateFunc where,
                                      gpointer           user_data,
                                      GDestroyNotify     destroy);

const char    *hb_job_get_name       (HbJob             *self);
const char    *hb_job_get_group      (HbJob             *self);
const char    *hb_job_get_owner      (HbJob             *self);
HbTrigger     *hb_job_get_trigger    (HbJob             *self);
HbJobStatus    hb_job_get_status     (HbJob             *self);
HbMode         hb_job_get_mode       (HbJob             *self);
double         hb_job_get_jitter     (HbJob             *self);
/* The logical next fire time (without jitter) and the actual one; 0 when not scheduled. */
gint64         hb_job_get_next_run_usec (HbJob          *self);
gint64         hb_job_get_fire_at_usec  (HbJob          *self);
guint64        hb_job_get_n_runs     (HbJob             *self);
/* {name, group, trigger, next_run, fire_at, status, mode, runs} */
JsonObject    *hb_job_to_json        (HbJob             *self,
                                      GTimeZone         *time_zone);

G_END_DECLS
