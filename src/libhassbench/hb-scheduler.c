/* hb-scheduler.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hb-scheduler.h"

#include "hb-cron-private.h"
#include "hb-error.h"
#include "hb-job-private.h"
#include "hb-task-private.h"

#define SEC G_GINT64_CONSTANT (1000000)

/*
 * Cost notes. A million jobs are scheduled, fired and completed in one benchmark, so the
 * per-job path allocates nothing beyond the job itself, its trigger and its name:
 *  - live jobs are found by name in one hash table (which holds the scheduler's reference);
 *  - registration order is an array with tombstones, compacted when half of it is dead; a
 *    Fenwick tree over it, built only once someone asks for a position (a list-model
 *    observer, or get_item after removals), turns positions into O(log n) lookups;
 *  - the due queue is the clock's;
 *  - signals are emitted only when someone listens (g_signal_has_handler_pending), with
 *    a va marshaller.
 */

typedef struct
{
  GPtrArray *slots;      /* HbJob* in registration order; NULL where a job left */
  guint      n_live;
  /* Fenwick tree (1-based) of "slot is live", or NULL while nobody needed positions. */
  guint32   *tree;
  gsize      tree_capacity;
} JobList;

struct _HbScheduler
{
  GObject                 parent_instance;

  HbClock                *clock;
  HbTaskBucket           *bucket;
  char                   *owner;         /* GRefString, shared with the jobs */
  guint64                 seed;
  GRand                  *rand;

  GHashTable             *by_name;       /* job name -> HbJob (the scheduler's reference) */
  JobList                 list;
  /* Jobs with runs in flight (completed and removed ones too), linked through the jobs,
   * so that dispose can cancel their runs and detach them. */
  GQueue                  inflight;

  /* run_in() with the delay of the previous call shares its trigger. */
  HbTrigger              *last_after;
  double                  last_after_seconds;

  HbSchedulerErrorHandler error_handler;
  gpointer                error_handler_data;
  GDestroyNotify          error_handler_destroy;
};

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_BUCKET,
  PROP_OWNER,
  PROP_SEED,
  PROP_N_JOBS,
  N_PROPS
};

enum {
  JOB_ADDED,
  JOB_FIRED,
  JOB_REMOVED,
  N_SIGNALS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HbScheduler, hb_scheduler, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static guint items_changed_signal;

/*
 * Registration order
 */

static inline gsize
lowbit (gsize i)
{
  return i & (~i + 1);
}

static void
job_list_init (JobList *list)
{
  list->slots = g_ptr_array_new ();
}

static void
job_list_clear (JobList *list)
{
  g_clear_pointer (&list->slots, g_ptr_array_unref);
  g_clear_pointer (&list->tree, g_free);
  list->tree_capacity = 0;
  list->n_live = 0;
}

static void
job_list_build_tree (JobList *list)
{
  gsize n = list->slots->len;

  list->tree_capacity = MAX (n + 1, 1024);
  g_free (list->tree);
  list->tree = g_new0 (guint32, list->tree_capacity);

  for (gsize i = 1; i <= n; i++)
    {
      gsize parent = i + lowbit (i);

      list->tree[i] += g_ptr_array_index (list->slots, i - 1) != NULL ? 1 : 0;
      if (parent <= n)
        list->tree[parent] += list->tree[i];
    }
}

/* Live jobs in slots [0, slot). */
static guint
job_list_rank (JobList *list,
               guint    slot)
{
  guint count = 0;

  if (list->n_live == list->slots->len)
    return slot;

  if (list->tree == NULL)
    job_list_build_tree (list);

  for (gsize i = slot; i > 0; i -= lowbit (i))
    count += list->tree[i];

  return count;
}

static void
job_list_compact (JobList *list)
{
  guint out = 0;

  for (guint i = 0; i < list->slots->len; i++)
    {
      HbJob *job = g_ptr_array_index (list->slots, i);

      if (job == NULL)
        continue;
      job->slot = out;
      list->slots->pdata[out++] = job;
    }
  g_ptr_array_set_size (list->slots, out);
  g_clear_pointer (&list->tree, g_free);
  list->tree_capacity = 0;
}

static HbJob *
job_list_get (JobList *list,
              guint    position)
{
  gsize pos = 0;
  guint remaining = position + 1;
  gsize step;

  if (position >= list->n_live)
    return NULL;

  if (list->n_live == list->slots->len)
    return g_ptr_array_index (list->slots, position);

  /* Many removals: compacting is cheaper than building a tree. */
  if (list->tree == NULL && list->slots->len - list->n_live > list->n_live / 8)
    {
      job_list_compact (list);
      return g_ptr_array_index (list->slots, position);
    }

  if (list->tree == NULL)
    job_list_build_tree (list);

  /* Fenwick descent: the largest prefix holding fewer than @remaining live slots. */
  for (step = 1; step * 2 <= list->slots->len; step *= 2)
    ;
  for (; step > 0; step /= 2)
    {
      if (pos + step <= list->slots->len && list->tree[pos + step] < remaining)
        {
          pos += step;
          remaining -= list->tree[pos];
        }
    }

  return g_ptr_array_index (list->slots, pos);
}

static void
job_list_append (JobList *list,
                 HbJob   *job)
{
  gsize i;

  job->slot = list->slots->len;
  g_ptr_array_add (list->slots, job);
  list->n_live++;

  if (list->tree == NULL)
    return;

  i = list->slots->len;
  if (i >= list->tree_capacity)
    {
      gsize capacity = list->tree_capacity * 2;

      list->tree = g_renew (guint32, list->tree, capacity);
      list->tree_capacity = capacity;
    }

  /* Node i covers (i - lowbit(i), i]: itself plus its children i-1, i-1-lowbit(i-1), ... */
  list->tree[i] = 1;
  for (gsize j = i - 1; j > i - lowbit (i); j -= lowbit (j))
    list->tree[i] += list->tree[j];
}

static void
job_list_remove (JobList *list,
                 HbJob   *job)
{
  guint slot = job->slot;
  guint dead;

  g_assert (slot < list->slots->len);
  g_assert (g_ptr_array_index (list->slots, slot) == job);

  list->slots->pdata[slot] = NULL;
  list->n_live--;

  if (list->tree != NULL)
    {
      for (gsize i = slot + 1; i <= list->slots->len; i += lowbit (i))
        list->tree[i]--;
    }

  /* Trailing removals just shrink the array. */
  while (list->slots->len > 0 && g_ptr_array_index (list->slots, list->slots->len - 1) == NULL)
    g_ptr_array_set_size (list->slots, list->slots->len - 1);

  dead = list->slots->len - list->n_live;
  if (dead > 1024 && dead > list->n_live)
    job_list_compact (list);
}

/*
 * GListModel
 */

static GType
hb_scheduler_get_item_type (GListModel *model)
{
  return HB_TYPE_JOB;
}

static guint
hb_scheduler_get_n_items (GListModel *model)
{
  return HB_SCHEDULER (model)->list.n_live;
}

static gpointer
hb_scheduler_get_item (GListModel *model,
                       guint       position)
{
  HbJob *job = job_list_get (&HB_SCHEDULER (model)->list, position);

  return job != NULL ? g_object_ref (job) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hb_scheduler_get_item_type;
  iface->get_n_items = hb_scheduler_get_n_items;
  iface->get_item = hb_scheduler_get_item;
}

static inline gboolean
has_handler (HbScheduler *self,
             guint        signal_id)
{
  return g_signal_has_handler_pending (self, signal_id, 0, TRUE);
}

/*
 * Scheduling
 */

static void job_fire_cb (HbClock  *clock,
                         gpointer  user_data);

static void
schedule_at (HbScheduler *self,
             HbJob       *job,
             gint64       next_run)
{
  gint64 fire_at = next_run;

  if (job->jitter > 0)
    fire_at += (gint64) llround (g_rand_double_range (self->rand, 0, job->jitter) * SEC);

  _hb_job_set_times (job, next_run, fire_at);
  job->entry_id = hb_clock_add_entry (self->clock, fire_at, HB_CLOCK_ENTRY_JOB, job_fire_cb, job);
}

static inline gboolean
in_inflight (HbScheduler *self,
             HbJob       *job)
{
  GList *link = &job->extra->inflight_link;

  return link->prev != NULL || self->inflight.head == link;
}

/* A job that no longer needs its scheduler pointer lets go of it. */
static void
maybe_release (HbScheduler *self,
               HbJob       *job)
{
  if (job->status == HB_JOB_SCHEDULED)
    return;
  if (_hb_job_get_n_running (job) > 0)
    return;

  if (job->extra != NULL && in_inflight (self, job))
    g_queue_unlink (&self->inflight, &job->extra->inflight_link);
  job->scheduler = NULL;
}

/* What observers must hear about a job that left the list. */
typedef struct
{
  gboolean notify_model;
  guint    position;
} Removal;

/*
 * Takes a scheduled job out: clock entry, name, list. This drops the scheduler's
 * reference: callers hold their own. Observers hear of it from announce_removal(), which
 * the caller may delay (a firing one-shot is announced as fired first).
 */
static void
detach (HbScheduler *self,
        HbJob       *job,
        HbJobStatus  status,
        Removal     *removal)
{
  g_assert (job->status == HB_JOB_SCHEDULED);
  g_assert (job->scheduler == self);

  if (job->entry_id != 0)
    {
      hb_clock_remove_entry (self->clock, job->entry_id);
      job->entry_id = 0;
    }

  removal->notify_model = has_handler (self, items_changed_signal);
  removal->position = removal->notify_model ? job_list_rank (&self->list, job->slot) : 0;
  job_list_remove (&self->list, job);
  /* The name is free before anyone hears of the removal (a handler may reuse it). */
  g_hash_table_remove (self->by_name, job->name);

  _hb_job_set_status (job, status);
}

static void
announce_removal (HbScheduler   *self,
                  HbJob         *job,
                  const Removal *removal)
{
  if (removal->notify_model)
    g_list_model_items_changed (G_LIST_MODEL (self), removal->position, 1, 0);
  if (has_handler (self, signals[JOB_REMOVED]))
    g_signal_emit (self, signals[JOB_REMOVED], 0, job);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_JOBS]);
}

/* Cancels the runs in flight, except one executing right now (a job removing itself). */
static void
cancel_runs (HbJob *job)
{
  g_autoptr(GPtrArray) runs = NULL;
  GPtrArray *running;

  if (job->extra == NULL)
    return;

  job->extra->n_queued = 0;
  running = job->extra->running;
  if (running == NULL || running->len == 0)
    return;

  /* Cancelling runs done callbacks, which edit the array: walk a copy. */
  runs = g_ptr_array_new_full (running->len, g_object_unref);
  for (guint i = 0; i < running->len; i++)
    g_ptr_array_add (runs, g_object_ref (g_ptr_array_index (running, i)));

  for (guint i = 0; i < runs->len; i++)
    {
      HbTask *task = g_ptr_array_index (runs, i);

      if (hb_task_get_state (task) != HB_TASK_RUNNING)
        hb_task_cancel (task);
    }
}

/*
 * Runs
 */

static gboolean
job_step (HbTask    *task,
          gpointer   user_data,
          GError   **error)
{
  HbJob *job = user_data;

  return job->func (job, task, job->user_data, error);
}

static void start_run (HbScheduler *self,
                       HbJob       *job,
                       gboolean     now);

/* A run finished: report a failure, then let the next queued trigger run. */
static void
run_finished (HbScheduler *self,
              HbJob       *job,
              HbTask      *task)
{
  if (hb_task_get_state (task) == HB_TASK_FAILED && self->error_handler != NULL)
    self->error_handler (job, hb_task_get_error (task), self->error_handler_data);

  if (job->mode == HB_MODE_QUEUED && job->extra != NULL && job->extra->n_queued > 0 &&
      job->status == HB_JOB_SCHEDULED && _hb_job_get_n_running (job) == 0)
    {
      job->extra->n_queued--;
      /* We may be inside the bucket finishing @task: queue the next run, don't nest it. */
      start_run (self, job, FALSE);
    }
}

static void
run_done_cb (HbTask   *task,
             gpointer  user_data)
{
  HbJob *job = user_data;
  HbScheduler *self = job->scheduler;

  if (job->extra != NULL && job->extra->running != NULL)
    g_ptr_array_remove_fast (job->extra->running, task);

  /* The scheduler went away (or the job left it) meanwhile. */
  if (self == NULL)
    return;

  g_object_ref (self);
  run_finished (self, job, task);
  maybe_release (self, job);
  g_object_unref (self);
}

static void
start_run (HbScheduler *self,
           HbJob       *job,
           gboolean     now)
{
  g_autoptr(HbTask) task = NULL;
  g_autofree char *long_name = NULL;
  char short_name[128];
  const char *task_name;
  HbJobExtra *extra;

  /* "job:<name>"; the task copies it, so no job keeps one. */
  if (strlen (job->name) + 5 <= sizeof short_name)
    {
      memcpy (short_name, "job:", 4);
      strcpy (short_name + 4, job->name);
      task_name = short_name;
    }
  else
    task_name = long_name = g_strconcat ("job:", job->name, NULL);

  if (now)
    task = hb_task_bucket_run (self->bucket, task_name, self->owner, job_step,
                               g_object_ref (job), g_object_unref);
  else
    task = _hb_task_new (self->bucket, task_name, self->owner, job_step,
                         g_object_ref (job), g_object_unref);

  if (task == NULL)
    return;

  _hb_job_count_run (job);

  if (hb_task_is_finished (task))
    {
      run_finished (self, job, task);
      return;
    }

  extra = _hb_job_get_extra (job);
  if (extra->running == NULL)
    extra->running = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (extra->running, g_object_ref (task));
  if (!in_inflight (self, job))
    g_queue_push_tail_link (&self->inflight, &extra->inflight_link);

  _hb_task_add_done_callback (task, run_done_cb, g_object_ref (job), g_object_unref);
}

/* Applies the mode guard to a trigger. */
static void
guarded_run (HbScheduler *self,
             HbJob       *job)
{
  if (_hb_job_get_n_running (job) > 0)
    {
      switch (job->mode)
        {
        case HB_MODE_SINGLE:
          g_debug ("Job '%s' is still running; this trigger is dropped (mode single)",
                   job->name);
          return;

        case HB_MODE_RESTART:
          cancel_runs (job);
          break;

        case HB_MODE_QUEUED:
          if (job->extra->n_queued < HB_MODE_QUEUE_LIMIT)
            job->extra->n_queued++;
          else
            g_debug ("Job '%s': %u runs already queued; this trigger is dropped",
                     job->name, job->extra->n_queued);
          return;

        case HB_MODE_PARALLEL:
        default:
          break;
        }
    }

  start_run (self, job, TRUE);
}

static gboolean
predicate_error_step (HbTask    *task,
                      gpointer   user_data,
                      GError   **error)
{
  g_propagate_error (error, g_error_copy (user_data));
  return FALSE;
}

/* `where` failed: the error handler sees it, and so does the harness, as a failed task. */
static void
report_predicate_error (HbScheduler *self,
                        HbJob       *job,
                        GError      *error)
{
  g_autoptr(HbTask) task = NULL;

  g_prefix_error (&error, "The where predicate of job '%s' failed: ", job->name);

  if (self->error_handler != NULL)
    self->error_handler (job, error, self->error_handler_data);

  task = hb_task_bucket_run (self->bucket, "scheduler:predicate_error", self->owner,
                             predicate_error_step, error, (GDestroyNotify) g_error_free);
}

static void
job_fire_cb (HbClock  *clock,
             gpointer  user_data)
{
  HbJob *job = user_data;
  HbScheduler *self = job->scheduler;
  g_autoptr(HbJob) hold = g_object_ref (job);
  g_autoptr(HbScheduler) hold_self = g_object_ref (self);
  gint64 now = hb_clock_get_now_usec (clock);
  gint64 next;
  gboolean completed = FALSE;
  Removal removal;

  g_assert (job->status == HB_JOB_SCHEDULED);

  job->entry_id = 0;

  /* Re-enqueue before running, so a long run does not hold the next fire back. */
  if (hb_trigger_is_recurring (job->trigger) &&
      hb_trigger_next (job->trigger, job->next_run_usec, now, hb_clock_get_time_zone (clock),
                       &next))
    {
      if (next <= now)
        next = now + SEC;
      schedule_at (self, job, next);
    }
  else
    {
      /* A one-shot is done: its name is free at once (reference hazard 21 fixed). */
      detach (self, job, HB_JOB_COMPLETED, &removal);
      completed = TRUE;
    }

  /* Observers hear "fired" before "removed". */
  if (has_handler (self, signals[JOB_FIRED]))
    g_signal_emit (self, signals[JOB_FIRED], 0, job);
  if (completed)
    announce_removal (self, job, &removal);

  /* A handler may have removed it. */
  if (job->status == HB_JOB_REMOVED || job->scheduler != self)
    return;

  if (job->extra != NULL && job->extra->where != NULL)
    {
      GError *error = NULL;
      gboolean pass = job->extra->where (job, job->extra->where_data, &error);

      if (error != NULL)
        {
          report_predicate_error (self, job, error);
          maybe_release (self, job);
          return;
        }
      if (!pass || job->status == HB_JOB_REMOVED)
        {
          maybe_release (self, job);
          return;
        }
    }

  guarded_run (self, job);
  maybe_release (self, job);
}

/**
 * hb_scheduler_run_job_now:
 * @self: a scheduler
 * @job: one of its scheduled jobs
 * @error: return location for an error
 *
 * Runs @job now, through its mode guard and without its `where` (the reference's
 * job.submit()). Its schedule does not change.
 *
 * Returns: %FALSE with %HB_ERROR_NOT_FOUND when @job is not scheduled here
 */
gboolean
hb_scheduler_run_job_now (HbScheduler  *self,
                          HbJob        *job,
                          GError      **error)
{
  g_autoptr(HbJob) hold = NULL;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (HB_IS_JOB (job), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (job->scheduler != self || job->status != HB_JOB_SCHEDULED)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_NOT_FOUND,
                   "Job '%s' is not scheduled in scheduler for '%s'", job->name, self->owner);
      return FALSE;
    }

  hold = g_object_ref (job);
  guarded_run (self, job);
  maybe_release (self, job);
  return TRUE;
}

/*
 * GObject
 */

static void
hb_scheduler_dispose (GObject *object)
{
  HbScheduler *self = (HbScheduler *) object;

  /* Jobs go quietly: nobody should hear from a scheduler being destroyed. */
  if (self->list.slots != NULL)
    {
      g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < self->list.slots->len; i++)
        {
          HbJob *job = g_ptr_array_index (self->list.slots, i);

          if (job != NULL)
            g_ptr_array_add (jobs, g_object_ref (job));
        }
      for (guint i = 0; i < jobs->len; i++)
        {
          HbJob *job = g_ptr_array_index (jobs, i);
          Removal removal;

          detach (self, job, HB_JOB_REMOVED, &removal);
          maybe_release (self, job);
        }
    }

  /* Detach every job first, so that cancelled runs do not call back into us. */
  while (self->inflight.head != NULL)
    {
      HbJob *job = self->inflight.head->data;
      g_autoptr(HbJob) hold = g_object_ref (job);

      g_queue_unlink (&self->inflight, &job->extra->inflight_link);
      job->scheduler = NULL;
      cancel_runs (job);
    }

  if (self->list.slots != NULL)
    {
      for (guint i = 0; i < self->list.slots->len; i++)
        g_assert (g_ptr_array_index (self->list.slots, i) == NULL);
    }

  if (self->error_handler_destroy != NULL)
    self->error_handler_destroy (self->error_handler_data);
  self->error_handler = NULL;
  self->error_handler_data = NULL;
  self->error_handler_destroy = NULL;

  g_clear_pointer (&self->last_after, hb_trigger_unref);
  g_clear_object (&self->clock);
  g_clear_object (&self->bucket);

  G_OBJECT_CLASS (hb_scheduler_parent_class)->dispose (object);
}

static void
hb_scheduler_finalize (GObject *object)
{
  HbScheduler *self = (HbScheduler *) object;

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  job_list_clear (&self->list);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->owner, g_ref_string_release);

  G_OBJECT_CLASS (hb_scheduler_parent_class)->finalize (object);
}

static void
hb_scheduler_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HbScheduler *self = HB_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_BUCKET:
      g_value_set_object (value, self->bucket);
      break;

    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;

    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;

    case PROP_N_JOBS:
      g_value_set_uint (value, self->list.n_live);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_scheduler_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HbScheduler *self = HB_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    case PROP_BUCKET:
      self->bucket = g_value_dup_object (value);
      break;

    case PROP_OWNER:
      self->owner = g_ref_string_new (g_value_get_string (value) != NULL
                                      ? g_value_get_string (value) : "");
      break;

    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_scheduler_constructed (GObject *object)
{
  HbScheduler *self = (HbScheduler *) object;
  guint32 seeds[2] = { (guint32) (self->seed & 0xffffffff), (guint32) (self->seed >> 32) };

  G_OBJECT_CLASS (hb_scheduler_parent_class)->constructed (object);

  if (self->owner == NULL)
    self->owner = g_ref_string_new ("");
  self->rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
}

static void
hb_scheduler_class_init (HbSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hb_scheduler_dispose;
  object_class->finalize = hb_scheduler_finalize;
  object_class->get_property = hb_scheduler_get_property;
  object_class->set_property = hb_scheduler_set_property;
  object_class->constructed = hb_scheduler_constructed;

  properties[PROP_CLOCK] = g_param_spec_object ("clock", NULL, NULL, HB_TYPE_CLOCK, construct);
  properties[PROP_BUCKET] = g_param_spec_object ("bucket", NULL, NULL, HB_TYPE_TASK_BUCKET,
                                                 construct);
  properties[PROP_OWNER] = g_param_spec_string ("owner", NULL, NULL, NULL, construct);
  properties[PROP_SEED] = g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 0,
                                               construct);
  properties[PROP_N_JOBS] = g_param_spec_uint ("n-jobs", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HbScheduler::job-added:
   * @job: the job, now scheduled
   */
  signals[JOB_ADDED] = g_signal_new ("job-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, g_cclosure_marshal_VOID__OBJECT,
                                     G_TYPE_NONE, 1, HB_TYPE_JOB);
  g_signal_set_va_marshaller (signals[JOB_ADDED], G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__OBJECTv);

  /**
   * HbScheduler::job-fired:
   * @job: the job whose clock entry fired (before `where` and the mode guard decide
   *   whether it runs; already re-enqueued, or completed if it was a one-shot)
   */
  signals[JOB_FIRED] = g_signal_new ("job-fired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, g_cclosure_marshal_VOID__OBJECT,
                                     G_TYPE_NONE, 1, HB_TYPE_JOB);
  g_signal_set_va_marshaller (signals[JOB_FIRED], G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__OBJECTv);

  /**
   * HbScheduler::job-removed:
   * @job: the job, removed or (a one-shot that fired) completed
   */
  signals[JOB_REMOVED] = g_signal_new ("job-removed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       g_cclosure_marshal_VOID__OBJECT,
                                       G_TYPE_NONE, 1, HB_TYPE_JOB);
  g_signal_set_va_marshaller (signals[JOB_REMOVED], G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__OBJECTv);

  items_changed_signal = g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL);
}

static void
hb_scheduler_init (HbScheduler *self)
{
  /* Keys are the jobs' own names: a job leaves the table before its name could change. */
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  job_list_init (&self->list);
  g_queue_init (&self->inflight);
}

/*
 * API
 */

/**
 * hb_scheduler_new:
 * @clock: the clock whose due queue holds the jobs
 * @bucket: where job runs become tasks
 * @owner: the app's unique name (tasks' owner, error messages)
 * @seed: seeds the jitter
 *
 * Returns: (transfer full): a new scheduler
 */
HbScheduler *
hb_scheduler_new (HbClock      *clock,
                  HbTaskBucket *bucket,
                  const char   *owner,
                  guint64       seed)
{
  g_return_val_if_fail (HB_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (HB_IS_TASK_BUCKET (bucket), NULL);

  return g_object_new (HB_TYPE_SCHEDULER,
                       "clock", clock,
                       "bucket", bucket,
                       "owner", owner,
                       "seed", seed,
                       NULL);
}

/* Names the configuration fields in which @b differs from @a; "" when none. */
static char *
describe_differences (HbJob *a,
                      HbJob *b)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *trigger_a = hb_trigger_describe (a->trigger);
  g_autofree char *trigger_b = hb_trigger_describe (b->trigger);

#define DIFFERS(what) g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", what)
  if (a->func != b->func)
    DIFFERS ("function");
  if (a->user_data != b->user_data)
    DIFFERS ("user data");
  if (g_strcmp0 (trigger_a, trigger_b) != 0)
    DIFFERS ("trigger");
  if (g_strcmp0 (hb_job_get_group (a), hb_job_get_group (b)) != 0)
    DIFFERS ("group");
  if (a->jitter != b->jitter)
    DIFFERS ("jitter");
  if (a->mode != b->mode)
    DIFFERS ("mode");
  if ((a->extra != NULL ? a->extra->where : NULL) != (b->extra != NULL ? b->extra->where : NULL) ||
      (a->extra != NULL ? a->extra->where_data : NULL) !=
      (b->extra != NULL ? b->extra->where_data : NULL))
    DIFFERS ("where");
#undef DIFFERS

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                           "A job needs a non-empty name");
      return FALSE;
    }

  return TRUE;
}

/* Trigger errors keep their text (e.g. "Invalid cron expression: ...") and name the job. */
static void
add_job_name (GError     **error,
              const char  *name)
{
  if (error != NULL && *error != NULL)
    {
      char *message = g_strdup_printf ("%s (job '%s')", (*error)->message, name);

      g_free ((*error)->message);
      (*error)->message = message;
    }
}

HbJob *
hb_scheduler_add_job (HbScheduler  *self,
                      HbJob        *job,
                      HbIfExists    if_exists,
                      GError      **error)
{
  HbJob *existing;
  gint64 now;
  gint64 first;
  gboolean notify_model;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (HB_IS_JOB (job), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->clock == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_FAILED,
                   "Cannot add job '%s': the scheduler for '%s' was disposed",
                   job->name != NULL ? job->name : "", self->owner);
      return NULL;
    }

  if (!check_name (job->name, error))
    return NULL;

  existing = g_hash_table_lookup (self->by_name, job->name);
  if (existing == job)
    return job;

  if (job->added)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Job '%s' was already added to a scheduler; make a new job", job->name);
      return NULL;
    }

  if (!isfinite (job->jitter) || job->jitter < 0)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid jitter for job '%s': %g seconds (must be finite and >= 0)",
                   job->name, job->jitter);
      return NULL;
    }

  if (existing != NULL)
    {
      g_autofree char *differences = NULL;

      switch (if_exists)
        {
        case HB_IF_EXISTS_SKIP:
          differences = describe_differences (existing, job);
          if (differences[0] == '\0')
            return existing;
          g_set_error (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME,
                       "A job named '%s' already exists in scheduler for '%s' with a different "
                       "configuration (changed: %s); use replace to change it",
                       job->name, self->owner, differences);
          return NULL;

        case HB_IF_EXISTS_REPLACE:
          hb_scheduler_remove_job (self, existing);
          break;

        case HB_IF_EXISTS_ERROR:
        default:
          g_set_error (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME,
                       "A job named '%s' already exists in scheduler for '%s'. "
                       "Job names must be unique per scheduler instance.",
                       job->name, self->owner);
          return NULL;
        }
    }

  now = hb_clock_get_now_usec (self->clock);
  if (!hb_trigger_next (job->trigger, 0, now, hb_clock_get_time_zone (self->clock), &first))
    {
      g_autofree char *trigger = hb_trigger_describe (job->trigger);

      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Job '%s' would never fire (%s)", job->name, trigger);
      return NULL;
    }

  job->added = TRUE;
  job->owner = g_ref_string_acquire (self->owner);
  job->scheduler = self;

  g_hash_table_insert (self->by_name, job->name, g_object_ref (job));
  job_list_append (&self->list, job);
  schedule_at (self, job, first);

  notify_model = has_handler (self, items_changed_signal);
  if (notify_model)
    g_list_model_items_changed (G_LIST_MODEL (self), self->list.n_live - 1, 0, 1);
  if (has_handler (self, signals[JOB_ADDED]))
    g_signal_emit (self, signals[JOB_ADDED], 0, job);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_JOBS]);

  return job;
}

/* Makes the job from a trigger (or reports the trigger's error), then adds it. */
static HbJob *
add_with_trigger (HbScheduler    *self,
                  const char     *name,
                  HbTrigger      *trigger,
                  HbJobFunc       func,
                  gpointer        user_data,
                  GDestroyNotify  destroy,
                  GError        **error)
{
  g_autoptr(HbJob) job = NULL;
  HbJob *added;

  if (trigger == NULL)
    {
      add_job_name (error, name);
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }

  job = hb_job_new (name, trigger, func, user_data, destroy);
  added = hb_scheduler_add_job (self, job, HB_IF_EXISTS_ERROR, error);

  return added;
}

static gboolean
check_shortcut (HbScheduler     *self,
                const char      *name,
                HbJobFunc        func,
                gpointer         user_data,
                GDestroyNotify   destroy,
                GError         **error)
{
  if (!check_name (name, error))
    {
      if (destroy != NULL)
        destroy (user_data);
      return FALSE;
    }

  return TRUE;
}

HbJob *
hb_scheduler_run_in (HbScheduler    *self,
                     const char     *name,
                     double          seconds,
                     HbJobFunc       func,
                     gpointer        user_data,
                     GDestroyNotify  destroy,
                     GError        **error)
{
  g_autoptr(HbTrigger) trigger = NULL;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_shortcut (self, name, func, user_data, destroy, error))
    return NULL;

  /* Apps often schedule many jobs with one delay: share the (immutable) trigger. */
  if (self->last_after != NULL && self->last_after_seconds == seconds)
    trigger = hb_trigger_ref (self->last_after);
  else
    {
      trigger = hb_trigger_after (seconds, error);
      if (trigger != NULL)
        {
          g_clear_pointer (&self->last_after, hb_trigger_unref);
          self->last_after = hb_trigger_ref (trigger);
          self->last_after_seconds = seconds;
        }
    }

  return add_with_trigger (self, name, trigger, func, user_data, destroy, error);
}

HbJob *
hb_scheduler_run_once (HbScheduler    *self,
                       const char     *name,
                       const char     *at,
                       HbJobFunc       func,
                       gpointer        user_data,
                       GDestroyNotify  destroy,
                       GError        **error)
{
  g_autoptr(HbTrigger) daily = NULL;
  g_autoptr(HbTrigger) trigger = NULL;
  gint64 when = 0;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (at != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_shortcut (self, name, func, user_data, destroy, error))
    return NULL;

  /* "HH:MM" today if strictly in the future, else tomorrow: exactly the next tick of a
   * daily trigger, with the same wall-clock rules (a time skipped by a spring-forward
   * moves to the next day; a repeated one is its later occurrence). */
  daily = hb_trigger_daily (at, error);
  if (daily != NULL && self->clock != NULL &&
      hb_trigger_next (daily, 0, hb_clock_get_now_usec (self->clock),
                       hb_clock_get_time_zone (self->clock), &when))
    trigger = hb_trigger_once (when);
  else if (daily != NULL)
    g_set_error (error, HB_ERROR, HB_ERROR_FAILED, "Cannot resolve the time '%s'", at);

  return add_with_trigger (self, name, trigger, func, user_data, destroy, error);
}

HbJob *
hb_scheduler_run_at (HbScheduler    *self,
                     const char     *name,
                     GDateTime      *at,
                     HbJobFunc       func,
                     gpointer        user_data,
                     GDestroyNotify  destroy,
                     GError        **error)
{
  g_autoptr(HbTrigger) trigger = NULL;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (at != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_shortcut (self, name, func, user_data, destroy, error))
    return NULL;

  trigger = hb_trigger_once (hb_date_time_to_usec (at));

  return add_with_trigger (self, name, trigger, func, user_data, destroy, error);
}

HbJob *
hb_scheduler_run_every (HbScheduler    *self,
                        const char     *name,
                        double          seconds,
                        HbJobFunc       func,
                        gpointer        user_data,
                        GDestroyNotify  destroy,
                        GError        **error)
{
  g_autoptr(HbTrigger) trigger = NULL;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_shortcut (self, name, func, user_data, destroy, error))
    return NULL;

  trigger = hb_trigger_every (seconds, 0, error);

  return add_with_trigger (self, name, trigger, func, user_data, destroy, error);
}

static HbJob *
run_every_unit (HbScheduler    *self,
                const char     *name,
                guint           count,
                const char     *unit,
                guint           unit_seconds,
                HbJobFunc       func,
                gpointer        user_data,
                GDestroyNotify  destroy,
                GError        **error)
{
  g_autoptr(HbTrigger) trigger = NULL;

  if (!check_shortcut (self, name, func, user_data, destroy, error))
    return NULL;

  if (count < 1)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid %s for job '%s': %u (must be >= 1)", unit, name, count);
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }

  trigger = hb_trigger_every ((double) count * unit_seconds, 0, error);

  return add_with_trigger (self, name, trigger, func, user_data, destroy, error);
}

HbJob *
hb_scheduler_run_minutely (HbScheduler    *self,
                           const char     *name,
                           guint           minutes,
                           HbJobFunc       func,
                           gpointer        user_data,
                           GDestroyNotify  destroy,
                           GError        **error)
{
  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_every_unit (self, name, minutes, "minutes", 60, func, user_data, destroy, error);
}

HbJob *
hb_scheduler_run_hourly (HbScheduler    *self,
                         const char     *name,
                         guint           hours,
                         HbJobFunc       func,
                         gpointer        user_data,
                         GDestroyNotify  destroy,
                         GError        **error)
{
  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_every_unit (self, name, hours, "hours", 3600, func, user_data, destroy, error);
}

HbJob *
hb_scheduler_run_daily (HbScheduler    *self,
                        const char     *name,
                        const char     *at,
                        HbJobFunc       func,
                        gpointer        user_data,
                        GDestroyNotify  destroy,
                        GError        **error)
{
  g_autoptr(HbTrigger) trigger = NULL;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_shortcut (self, name, func, user_data, destroy, error))
    return NULL;

  trigger = hb_trigger_daily (at != NULL ? at : "00:00", error);

  return add_with_trigger (self, name, trigger, func, user_data, destroy, error);
}

HbJob *
hb_scheduler_run_cron (HbScheduler    *self,
                       const char     *name,
                       const char     *expression,
                       HbJobFunc       func,
                       gpointer        user_data,
                       GDestroyNotify  destroy,
                       GError        **error)
{
  g_autoptr(HbTrigger) trigger = NULL;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_shortcut (self, name, func, user_data, destroy, error))
    return NULL;

  trigger = hb_trigger_cron (expression, error);

  return add_with_trigger (self, name, trigger, func, user_data, destroy, error);
}

/**
 * hb_scheduler_remove_job:
 *
 * Idempotent. A scheduled job leaves at once (its name is free, ::job-removed is
 * emitted) and its runs in flight are cancelled, except one that is executing right now
 * (a job removing itself finishes its own step). On a completed one-shot whose run is
 * still in flight, that run is cancelled.
 */
void
hb_scheduler_remove_job (HbScheduler *self,
                         HbJob       *job)
{
  g_autoptr(HbJob) hold = NULL;

  g_return_if_fail (HB_IS_SCHEDULER (self));
  g_return_if_fail (HB_IS_JOB (job));

  if (job->scheduler != self)
    return;

  hold = g_object_ref (job);

  if (job->status == HB_JOB_SCHEDULED)
    {
      Removal removal;

      detach (self, job, HB_JOB_REMOVED, &removal);
      announce_removal (self, job, &removal);
    }

  cancel_runs (job);

  if (job->scheduler == self)
    maybe_release (self, job);
}

gboolean
hb_scheduler_remove_job_by_name (HbScheduler *self,
                                 const char  *name)
{
  HbJob *job;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), FALSE);

  if (name == NULL)
    return FALSE;

  job = g_hash_table_lookup (self->by_name, name);
  if (job == NULL)
    return FALSE;

  hb_scheduler_remove_job (self, job);
  return TRUE;
}

/* Live jobs in registration order, optionally of one group. */
static GPtrArray *
collect_jobs (HbScheduler *self,
              const char  *group)
{
  GPtrArray *jobs = g_ptr_array_new_full (self->list.n_live, g_object_unref);

  for (guint i = 0; i < self->list.slots->len; i++)
    {
      HbJob *job = g_ptr_array_index (self->list.slots, i);

      if (job != NULL && (group == NULL || g_strcmp0 (hb_job_get_group (job), group) == 0))
        g_ptr_array_add (jobs, g_object_ref (job));
    }

  return jobs;
}

guint
hb_scheduler_remove_group (HbScheduler *self,
                           const char  *group)
{
  g_autoptr(GPtrArray) jobs = NULL;
  guint removed = 0;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), 0);
  g_return_val_if_fail (group != NULL, 0);

  jobs = collect_jobs (self, group);
  for (guint i = 0; i < jobs->len; i++)
    {
      HbJob *job = g_ptr_array_index (jobs, i);

      if (job->status == HB_JOB_SCHEDULED && job->scheduler == self)
        {
          hb_scheduler_remove_job (self, job);
          removed++;
        }
    }

  return removed;
}

void
hb_scheduler_remove_all_jobs (HbScheduler *self)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_return_if_fail (HB_IS_SCHEDULER (self));

  jobs = collect_jobs (self, NULL);
  /* Completed one-shots whose runs are still in flight: their runs are cancelled too. */
  for (GList *l = self->inflight.head; l != NULL; l = l->next)
    {
      HbJob *job = l->data;

      if (job->status != HB_JOB_SCHEDULED)
        g_ptr_array_add (jobs, g_object_ref (job));
    }

  for (guint i = 0; i < jobs->len; i++)
    hb_scheduler_remove_job (self, g_ptr_array_index (jobs, i));
}

HbJob *
hb_scheduler_lookup_job (HbScheduler *self,
                         const char  *name)
{
  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);

  if (name == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_name, name);
}

static int
compare_fire_time (gconstpointer a,
                   gconstpointer b)
{
  const HbJob *ja = *(HbJob * const *) a;
  const HbJob *jb = *(HbJob * const *) b;

  if (ja->fire_at_usec != jb->fire_at_usec)
    return ja->fire_at_usec < jb->fire_at_usec ? -1 : 1;
  /* Slots keep registration order (compaction never reorders). */
  if (ja->slot != jb->slot)
    return ja->slot < jb->slot ? -1 : 1;
  return 0;
}

/**
 * hb_scheduler_list_jobs:
 * @group: (nullable): only this group's jobs
 *
 * Returns: (transfer container) (element-type HbJob): the scheduled jobs by fire time
 *   (ties in registration order)
 */
GPtrArray *
hb_scheduler_list_jobs (HbScheduler *self,
                        const char  *group)
{
  GPtrArray *jobs;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);

  jobs = collect_jobs (self, group);
  g_ptr_array_sort (jobs, compare_fire_time);

  return jobs;
}

guint
hb_scheduler_get_n_jobs (HbScheduler *self)
{
  g_return_val_if_fail (HB_IS_SCHEDULER (self), 0);

  return self->list.n_live;
}

/* O(n): for views and expectations, not for the firing path. */
HbJob *
hb_scheduler_peek_next_job (HbScheduler *self)
{
  HbJob *best = NULL;

  g_return_val_if_fail (HB_IS_SCHEDULER (self), NULL);

  for (guint i = 0; i < self->list.slots->len; i++)
    {
      HbJob *job = g_ptr_array_index (self->list.slots, i);

      if (job != NULL && (best == NULL || compare_fire_time (&job, &best) < 0))
        best = job;
    }

  return best;
}

/**
 * hb_scheduler_set_error_handler:
 * @handler: (nullable): called with the job and its error when a run fails or its
 *   `where` fails; replaces the previous handler
 */
void
hb_scheduler_set_error_handler (HbScheduler             *self,
                                HbSchedulerErrorHandler  handler,
                                gpointer                 user_data,
                                GDestroyNotify           destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (HB_IS_SCHEDULER (self));

  old_destroy = self->error_handler_destroy;
  old_data = self->error_handler_data;

  self->error_handler = handler;
  self->error_handler_data = user_data;
  self->error_handler_destroy = destroy;

  if (old_destroy != NULL)
    old_destroy (old_data);
}
