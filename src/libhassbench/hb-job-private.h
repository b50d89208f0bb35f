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
 * Parts of a job most jobs never use, allocated on first use (a million plain run_in jobs
 * must stay small).
 */
typedef struct
{
  char               *group;
  GDestroyNotify      destroy;

  HbJobPredicateFunc  where;
  gpointer            where_data;
  GDestroyNotify      where_destroy;

  /* Scheduler bookkeeping for runs that did not finish in their first step. */
  GPtrArray          *running;       /* in-flight run tasks (references), or NULL */
  guint               n_queued;      /* QUEUED mode: triggers waiting for the current run */
  GList               inflight_link; /* in the scheduler's queue of jobs with runs in flight */
} HbJobExtra;

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
  /* A GRefString shared with the scheduler; NULL until added. */
  char               *owner;
  HbTrigger          *trigger;
  HbJobFunc           func;
  gpointer            user_data;

  double              jitter;
  gint64              next_run_usec;
  gint64              fire_at_usec;
  guint64             n_runs;
  guint64             entry_id;     /* the clock entry, 0 when none */

  /*
   * Not a reference. Set while the job is scheduled and while a run of it is in flight;
   * cleared by the scheduler when neither holds any more, or when it goes away.
   */
  HbScheduler        *scheduler;
  HbJobExtra         *extra;        /* NULL until needed */

  guint               slot;         /* index in the scheduler's registration list */
  guint8              mode;         /* HbMode */
  guint8              status;       /* HbJobStatus */
  guint8              added;
};

static inline HbJobExtra *
_hb_job_get_extra (HbJob *self)
{
  if (self->extra == NULL)
    {
      self->extra = g_new0 (HbJobExtra, 1);
      self->extra->inflight_link.data = self;
    }

  return self->extra;
}

/* Runs in flight (0 for most jobs). */
static inline guint
_hb_job_get_n_running (HbJob *self)
{
  return self->extra != NULL && self->extra->running != NULL ? self->extra->running->len : 0;
}

void _hb_job_set_status (HbJob       *self,
                         HbJobStatus  status);
void _hb_job_set_times  (HbJob       *self,
                         gint64       next_run_usec,
                         gint64       fire_at_usec);
void _hb_job_count_run  (HbJob       *self);

G_END_DECLS
