/* hb-job-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-job.h"

G_BEGIN_DECLS

/*
 * The job's instance struct, shared with HbScheduler: the scheduler touches these fields
 * on every fire, and a million jobs must fire in well under a second, so it reads and
 * writes them directly instead of through accessors. Only hb-job.c and hb-scheduler.c
 * include this.
 */
struct _HbJob
{
  GObject             parent_instance;

  char               *name;
  char               *group;
  /* A GRefString shared with the scheduler; NULL until added. */
  char               *owner;
  /* "job:<name>", made when the job is added. */
  char               *task_name;
  HbTrigger          *trigger;

  HbJobFunc           func;
  gpointer            user_data;
  GDestroyNotify      destroy;

  HbJobPredicateFunc  where;
  gpointer            where_data;
  GDestroyNotify      where_destroy;

  double              jitter;
  HbMode              mode;
  HbJobStatus         status;

  gint64              next_run_usec;
  gint64              fire_at_usec;
  guint64             n_runs;

  /*
   * Scheduler bookkeeping.
   *
   * @scheduler is not a reference. It is set while the job is scheduled and while a run of
   * it is in flight, and cleared (by the scheduler) when neither holds any more, or when
   * the scheduler goes away.
   */
  HbScheduler        *scheduler;
  guint64             entry_id;     /* the clock entry, 0 when none */
  guint64             serial;       /* registration order */
  guint               slot;         /* index in the scheduler's registration list */
  GPtrArray          *running;      /* in-flight run tasks (references), or NULL */
  guint               n_queued;     /* QUEUED mode: triggers waiting for the current run */
  GList               inflight_link;/* in the scheduler's queue of jobs with runs in flight */
  guint               added : 1;
};

void _hb_job_set_status (HbJob       *self,
                         HbJobStatus  status);
void _hb_job_set_times  (HbJob       *self,
                         gint64       next_run_usec,
                         gint64       fire_at_usec);
void _hb_job_count_run  (HbJob       *self);

G_END_DECLS
