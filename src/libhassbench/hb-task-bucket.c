/* hb-task-bucket.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-task-bucket.h"

#include "hb-task-private.h"

/*
 * Bookkeeping lives in the tasks themselves (HbTaskLinks): the list of live tasks and
 * the run queue are GQueues of links embedded in the tasks, so creating, queueing and
 * finishing a task allocates nothing here. The list model is a GSequence whose iters the
 * tasks keep, for O(log n) positions and removal.
 *
 * A task created by hb_task_bucket_run() is counted and in the live list from the start,
 * but enters the list model only if it is still alive after its first step: most runs
 * finish at once and the model would only churn.
 */

typedef struct {
  guint               id;
  HbExceptionRecorder func;     /* NULL once removed while recorders were being called */
  gpointer            data;
  GDestroyNotify      destroy;
} Recorder;

struct _HbTaskBucket
{
  GObject       parent_instance;

  HbClock      *clock;
  GMainContext *context;
  GSource      *idle;          /* attached only while the run queue is not empty */

  GQueue        live;          /* every live task, creation order */
  GQueue        run_queue;
  GSequence    *model;         /* the listed live tasks, creation (= id) order */

  guint64       last_id;
  const char   *last_owner;    /* interned; most tasks in a row share their owner */

  guint         counts[HB_TASK_COUNT_AWAITING + 1];
  guint64       n_started;
  guint64       n_failed;

  GArray       *recorders;
  guint         last_recorder_id;
  guint         reporting;     /* depth of recorder calls in progress */
  guint         recorders_dirty : 1;
};

static void hb_task_bucket_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HbTaskBucket, hb_task_bucket, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hb_task_bucket_list_model_init))

enum {
  TASK_STARTED,
  TASK_CHANGED,
  TASK_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
hb_task_bucket_get_item_type (GListModel *model)
{
  return HB_TYPE_TASK;
}

static guint
hb_task_bucket_get_n_items (GListModel *model)
{
  HbTaskBucket *self = HB_TASK_BUCKET (model);

  return g_sequence_get_length (self->model);
}

static gpointer
hb_task_bucket_get_item (GListModel *model,
                         guint       position)
{
  HbTaskBucket *self = HB_TASK_BUCKET (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->model, position);

  if (g_sequence_iter_is_end (iter))
    return NULL;

  return g_object_ref (g_sequence_get (iter));
}

static void
hb_task_bucket_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hb_task_bucket_get_item_type;
  iface->get_n_items = hb_task_bucket_get_n_items;
  iface->get_item = hb_task_bucket_get_item;
}

static void
recorder_clear (Recorder *recorder)
{
  gpointer data = recorder->data;
  GDestroyNotify destroy = recorder->destroy;

  recorder->func = NULL;
  recorder->data = NULL;
  recorder->destroy = NULL;

  if (destroy != NULL)
    destroy (data);
}

static void
hb_task_bucket_update_idle (HbTaskBucket *self);

static void
hb_task_bucket_dispose (GObject *object)
{
  HbTaskBucket *self = (HbTaskBucket *)object;

  /* Cancelling releases each task's clock entry and the bucket's reference; the tasks'
   * done callbacks may start new tasks, which this loop cancels as well. */
  while (self->live.head != NULL)
    hb_task_cancel (self->live.head->data);

  g_assert (self->run_queue.length == 0);
  hb_task_bucket_update_idle (self);

  while (self->recorders->len > 0)
    {
      Recorder recorder = g_array_index (self->recorders, Recorder, self->recorders->len - 1);

      g_array_set_size (self->recorders, self->recorders->len - 1);
      recorder_clear (&recorder);
    }

  g_clear_object (&self->clock);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hb_task_bucket_parent_class)->dispose (object);
}

static void
hb_task_bucket_finalize (GObject *object)
{
  HbTaskBucket *self = (HbTaskBucket *)object;

  g_clear_pointer (&self->model, g_sequence_free);
  g_clear_pointer (&self->recorders, g_array_unref);

  G_OBJECT_CLASS (hb_task_bucket_parent_class)->finalize (object);
}

static void
hb_task_bucket_class_init (HbTaskBucketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = hb_task_bucket_dispose;
  object_class->finalize = hb_task_bucket_finalize;

  /**
   * HbTaskBucket::task-started:
   * @self: the bucket
   * @task: the new task (PENDING, or RUNNING when created by hb_task_bucket_run())
   */
  signals[TASK_STARTED] =
    g_signal_new ("task-started", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT, G_TYPE_NONE, 1, HB_TYPE_TASK);
  g_signal_set_va_marshaller (signals[TASK_STARTED], type, g_cclosure_marshal_VOID__OBJECTv);

  /**
   * HbTaskBucket::task-changed:
   * @self: the bucket
   * @task: a live task whose state or waits-on changed (not emitted for the final
   *   state: that is ::task-finished)
   */
  signals[TASK_CHANGED] =
    g_signal_new ("task-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT, G_TYPE_NONE, 1, HB_TYPE_TASK);
  g_signal_set_va_marshaller (signals[TASK_CHANGED], type, g_cclosure_marshal_VOID__OBJECTv);

  /**
   * HbTaskBucket::task-finished:
   * @self: the bucket
   * @task: a task that reached DONE, FAILED or CANCELLED (after the exception
   *   recorders, before the task's done callbacks)
   */
  signals[TASK_FINISHED] =
    g_signal_new ("task-finished", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT, G_TYPE_NONE, 1, HB_TYPE_TASK);
  g_signal_set_va_marshaller (signals[TASK_FINISHED], type, g_cclosure_marshal_VOID__OBJECTv);
}

static void
hb_task_bucket_init (HbTaskBucket *self)
{
  g_queue_init (&self->live);
  g_queue_init (&self->run_queue);
  self->model = g_sequence_new (NULL);
  self->recorders = g_array_new (FALSE, FALSE, sizeof (Recorder));
}

/**
 * hb_task_bucket_new:
 * @clock: the clock tasks sleep on
 * @context: (nullable): where the run queue's idle source runs; %NULL for the thread-default
 *   context
 *
 * Returns: (transfer full): a new, empty bucket
 */
HbTaskBucket *
hb_task_bucket_new (HbClock      *clock,
                    GMainContext *context)
{
  HbTaskBucket *self;

  g_return_val_if_fail (HB_IS_CLOCK (clock), NULL);

  self = g_object_new (HB_TYPE_TASK_BUCKET, NULL);
  self->clock = g_object_ref (clock);
  self->context = context != NULL ? g_main_context_ref (context)
                                  : g_main_context_ref_thread_default ();

  return self;
}

/**
 * hb_task_bucket_get_clock:
 *
 * Returns: (transfer none): the bucket's clock
 */
HbClock *
hb_task_bucket_get_clock (HbTaskBucket *self)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), NULL);

  return self->clock;
}

/**
 * hb_task_bucket_get_context:
 *
 * Returns: (transfer none): the main context the run queue's idle source is attached to
 */
GMainContext *
hb_task_bucket_get_context (HbTaskBucket *self)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), NULL);

  return self->context;
}

static HbTask *
hb_task_bucket_pop (HbTaskBucket *self)
{
  GList *link = g_queue_pop_head_link (&self->run_queue);
  HbTask *task;

  if (link == NULL)
    return NULL;

  task = link->data;
  _hb_task_get_links (task)->queued = FALSE;

  return task;
}

/* Runs only what is queued now: tasks that keep queueing more work must not starve the
 * context's other sources (the drain deadline, GIO callbacks) nor hang a caller. */
guint
_hb_task_bucket_run_queued (HbTaskBucket *self)
{
  guint budget = self->run_queue.length;
  guint n_steps = 0;
  HbTask *task;

  g_object_ref (self);
  while (budget-- > 0 && (task = hb_task_bucket_pop (self)) != NULL)
    {
      _hb_task_run_step (task);
      n_steps++;
    }
  hb_task_bucket_update_idle (self);
  g_object_unref (self);

  return n_steps;
}

static gboolean
hb_task_bucket_idle_cb (gpointer user_data)
{
  _hb_task_bucket_run_queued (user_data);

  /* If the queue emptied, the source is destroyed already and this is ignored. */
  return G_SOURCE_CONTINUE;
}

static void
hb_task_bucket_update_idle (HbTaskBucket *self)
{
  if (self->run_queue.length == 0)
    {
      if (self->idle != NULL)
        {
          g_source_destroy (self->idle);
          g_clear_pointer (&self->idle, g_source_unref);
        }
    }
  else if (self->idle == NULL && self->context != NULL)
    {
      self->idle = g_idle_source_new ();
      g_source_set_static_name (self->idle, "[hassbench] task run queue");
      g_source_set_callback (self->idle, hb_task_bucket_idle_cb, self, NULL);
      g_source_attach (self->idle, self->context);
    }
}

static const char *
hb_task_bucket_intern_owner (HbTaskBucket *self,
                             const char   *owner)
{
  if (owner == NULL)
    return NULL;

  if (self->last_owner == NULL || strcmp (self->last_owner, owner) != 0)
    self->last_owner = g_intern_string (owner);

  return self->last_owner;
}

static int
compare_task_ids (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  guint64 id_a = hb_task_get_id ((HbTask *)a);
  guint64 id_b = hb_task_get_id ((HbTask *)b);

  return id_a < id_b ? -1 : id_a > id_b ? 1 : 0;
}

static void
hb_task_bucket_list (HbTaskBucket *self,
                     HbTask       *task)
{
  HbTaskLinks *links = _hb_task_get_links (task);
  GSequenceIter *end = g_sequence_get_end_iter (self->model);
  GSequenceIter *iter;

  g_assert (links->model_iter == NULL);

  /* Usually the newest task; a run() task that outlived its first step may be older
   * than tasks that step spawned. */
  if (g_sequence_iter_is_begin (end) ||
      hb_task_get_id (g_sequence_get (g_sequence_iter_prev (end))) < hb_task_get_id (task))
    iter = g_sequence_append (self->model, task);
  else
    iter = g_sequence_insert_sorted (self->model, task, compare_task_ids, NULL);

  links->model_iter = iter;
  g_list_model_items_changed (G_LIST_MODEL (self), g_sequence_iter_get_position (iter), 0, 1);
}

/* Creates a task, counts it and puts it in the live list. Returns the bucket's reference. */
static HbTask *
hb_task_bucket_create (HbTaskBucket   *self,
                       HbTask         *parent,
                       const char     *name,
                       const char     *owner,
                       HbTaskState     state,
                       HbTaskFunc      func,
                       gpointer        data,
                       GDestroyNotify  destroy)
{
  HbTask *task;

  task = _hb_task_create (self, parent, ++self->last_id, name,
                          hb_task_bucket_intern_owner (self, owner),
                          state, func, data, destroy);

  g_queue_push_tail_link (&self->live, &_hb_task_get_links (task)->live_link);
  self->counts[HB_TASK_COUNT_RUNNABLE]++;
  self->n_started++;

  return task;
}

HbTask *
_hb_task_bucket_add (HbTaskBucket   *self,
                     HbTask         *parent,
                     const char     *name,
                     const char     *owner,
                     HbTaskFunc      func,
                     gpointer        data,
                     GDestroyNotify  destroy)
{
  HbTask *task;

  g_assert (HB_IS_TASK_BUCKET (self));
  g_assert (name != NULL);
  g_assert (func != NULL);

  if (self->clock == NULL)
    {
      g_critical ("Cannot start task '%s': its bucket was disposed", name);
      if (destroy != NULL)
        destroy (data);
      return NULL;
    }

  task = hb_task_bucket_create (self, parent, name, owner, HB_TASK_PENDING,
                                func, data, destroy);
  _hb_task_bucket_enqueue (self, task);
  hb_task_bucket_list (self, task);
  g_signal_emit (self, signals[TASK_STARTED], 0, task);

  return task;
}

/**
 * hb_task_bucket_spawn:
 * @self: a bucket
 * @name: the task's name, e.g. "handler:motion"
 * @owner: (nullable): the app's unique name, "bus" or "scheduler"
 * @func: the first step
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data once the task moves past that step or finishes
 *
 * Returns: (transfer none): the new PENDING task, owned by the bucket until it finishes
 */
HbTask *
hb_task_bucket_spawn (HbTaskBucket   *self,
                      const char     *name,
                      const char     *owner,
                      HbTaskFunc      func,
                      gpointer        user_data,
                      GDestroyNotify  destroy)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return _hb_task_bucket_add (self, NULL, name, owner, func, user_data, destroy);
}

/**
 * hb_task_bucket_run:
 * @self: a bucket
 * @name: the task's name, e.g. "job:motion_lights_off"
 * @owner: (nullable): the app's unique name, "bus" or "scheduler"
 * @func: the first step, run before this returns
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data once the task moves past that step or finishes
 *
 * Returns: (transfer full): the task, possibly finished already
 */
HbTask *
hb_task_bucket_run (HbTaskBucket   *self,
                    const char     *name,
                    const char     *owner,
                    HbTaskFunc      func,
                    gpointer        user_data,
                    GDestroyNotify  destroy)
{
  HbTask *task;

  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (self->clock == NULL)
    {
      g_critical ("Cannot run task '%s': its bucket was disposed", name);
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }

  g_object_ref (self);

  task = hb_task_bucket_create (self, NULL, name, owner, HB_TASK_RUNNING,
                                func, user_data, destroy);
  g_object_ref (task);
  g_signal_emit (self, signals[TASK_STARTED], 0, task);

  if (hb_task_get_state (task) == HB_TASK_RUNNING)
    _hb_task_run_step (task);

  if (!hb_task_is_finished (task))
    hb_task_bucket_list (self, task);

  g_object_unref (self);

  return task;
}

void
_hb_task_bucket_recount (HbTaskBucket *self,
                         HbTaskCount   from,
                         HbTaskCount   to)
{
  g_assert (from == HB_TASK_COUNT_NONE || self->counts[from] > 0);

  if (from != HB_TASK_COUNT_NONE)
    self->counts[from]--;
  if (to != HB_TASK_COUNT_NONE)
    self->counts[to]++;
}

void
_hb_task_bucket_enqueue (HbTaskBucket *self,
                         HbTask       *task)
{
  HbTaskLinks *links = _hb_task_get_links (task);

  g_assert (!links->queued);

  g_queue_push_tail_link (&self->run_queue, &links->queue_link);
  links->queued = TRUE;

  if (self->idle == NULL)
    hb_task_bucket_update_idle (self);
}

void
_hb_task_bucket_changed (HbTaskBucket *self,
                         HbTask       *task)
{
  g_signal_emit (self, signals[TASK_CHANGED], 0, task);
}

void
_hb_task_bucket_unlink (HbTaskBucket *self,
                        HbTask       *task)
{
  HbTaskLinks *links = _hb_task_get_links (task);

  g_queue_unlink (&self->live, &links->live_link);

  if (hb_task_get_state (task) == HB_TASK_FAILED)
    self->n_failed++;

  if (links->queued)
    {
      g_queue_unlink (&self->run_queue, &links->queue_link);
      links->queued = FALSE;
      hb_task_bucket_update_idle (self);
    }

  if (links->model_iter != NULL)
    {
      guint position = g_sequence_iter_get_position (links->model_iter);

      g_sequence_remove (links->model_iter);
      links->model_iter = NULL;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}

void
_hb_task_bucket_report (HbTaskBucket *self,
                        HbTask       *task)
{
  if (hb_task_get_state (task) == HB_TASK_FAILED)
    {
      const GError *error = hb_task_get_error (task);
      /* Recorders added while these run see the next failure, not this one. */
      guint n = self->recorders->len;

      self->reporting++;
      for (guint i = 0; i < n; i++)
        {
          /* Re-read each time: a recorder may add another and move the array. */
          Recorder *recorder = &g_array_index (self->recorders, Recorder, i);

          if (recorder->func != NULL)
            recorder->func (task, error, recorder->data);
        }
      self->reporting--;

      if (self->reporting == 0 && self->recorders_dirty)
        {
          for (guint i = self->recorders->len; i > 0; i--)
            {
              if (g_array_index (self->recorders, Recorder, i - 1).func == NULL)
                g_array_remove_index (self->recorders, i - 1);
            }
          self->recorders_dirty = FALSE;
        }
    }

  g_signal_emit (self, signals[TASK_FINISHED], 0, task);
}

/**
 * hb_task_bucket_run_pending:
 * @self: a bucket
 *
 * Runs the run queue's tasks in order until it is empty, including tasks queued while
 * it runs.
 *
 * Returns: how many steps ran
 */
guint
hb_task_bucket_run_pending (HbTaskBucket *self)
{
  HbTask *task;
  guint n_steps = 0;

  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), 0);

  g_object_ref (self);
  while ((task = hb_task_bucket_pop (self)) != NULL)
    {
      _hb_task_run_step (task);
      n_steps++;
    }
  hb_task_bucket_update_idle (self);
  g_object_unref (self);

  return n_steps;
}

/* Every live task, including one still in its first hb_task_bucket_run() step. */
guint
hb_task_bucket_get_n_live (HbTaskBucket *self)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), 0);

  return self->live.length;
}

/* PENDING and RUNNING tasks. */
guint
hb_task_bucket_get_n_runnable (HbTaskBucket *self)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), 0);

  return self->counts[HB_TASK_COUNT_RUNNABLE];
}

/* Held tasks (WAITING, not counting those awaiting another task). */
guint
hb_task_bucket_get_n_waiting (HbTaskBucket *self)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), 0);

  return self->counts[HB_TASK_COUNT_WAITING];
}

guint
hb_task_bucket_get_n_sleeping (HbTaskBucket *self)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), 0);

  return self->counts[HB_TASK_COUNT_SLEEPING];
}

/* WAITING tasks that wait for another task (hb_task_await()). */
guint
hb_task_bucket_get_n_awaiting (HbTaskBucket *self)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), 0);

  return self->counts[HB_TASK_COUNT_AWAITING];
}

guint64
hb_task_bucket_get_n_started (HbTaskBucket *self)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), 0);

  return self->n_started;
}

guint64
hb_task_bucket_get_n_failed (HbTaskBucket *self)
{
  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), 0);

  return self->n_failed;
}

/**
 * hb_task_bucket_list_live:
 * @self: a bucket
 *
 * Returns: (transfer container) (element-type HbTask): every live task, oldest first
 */
GPtrArray *
hb_task_bucket_list_live (HbTaskBucket *self)
{
  GPtrArray *tasks;

  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), NULL);

  tasks = g_ptr_array_sized_new (self->live.length);
  for (GList *l = self->live.head; l != NULL; l = l->next)
    g_ptr_array_add (tasks, l->data);

  return tasks;
}

/**
 * hb_task_bucket_list_live_names:
 * @self: a bucket
 * @owner: (nullable): only tasks of this owner; %NULL for all
 *
 * Returns: (transfer full): the names of the live tasks, oldest first
 */
GStrv
hb_task_bucket_list_live_names (HbTaskBucket *self,
                                const char   *owner)
{
  GPtrArray *names;

  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), NULL);

  names = g_ptr_array_new ();
  for (GList *l = self->live.head; l != NULL; l = l->next)
    {
      HbTask *task = l->data;

      if (owner == NULL || g_strcmp0 (hb_task_get_owner (task), owner) == 0)
        g_ptr_array_add (names, g_strdup (hb_task_get_name (task)));
    }
  g_ptr_array_add (names, NULL);

  return (GStrv) g_ptr_array_free (names, FALSE);
}

/**
 * hb_task_bucket_cancel_all:
 * @self: a bucket
 * @owner: (nullable): only tasks of this owner; %NULL for all
 *
 * Cancels the tasks that are live when called, oldest first. Tasks started by their
 * done callbacks or cancellation handlers are left alone.
 */
void
hb_task_bucket_cancel_all (HbTaskBucket *self,
                           const char   *owner)
{
  g_autoptr(GPtrArray) victims = NULL;

  g_return_if_fail (HB_IS_TASK_BUCKET (self));

  victims = g_ptr_array_new_with_free_func (g_object_unref);
  for (GList *l = self->live.head; l != NULL; l = l->next)
    {
      HbTask *task = l->data;

      if (owner == NULL || g_strcmp0 (hb_task_get_owner (task), owner) == 0)
        g_ptr_array_add (victims, g_object_ref (task));
    }

  for (guint i = 0; i < victims->len; i++)
    hb_task_cancel (g_ptr_array_index (victims, i));
}

/**
 * hb_task_bucket_add_exception_recorder:
 * @self: a bucket
 * @func: called for every task that fails
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the recorder is removed
 *
 * Returns: the recorder's id (never 0)
 */
guint
hb_task_bucket_add_exception_recorder (HbTaskBucket        *self,
                                       HbExceptionRecorder  func,
                                       gpointer             user_data,
                                       GDestroyNotify       destroy)
{
  Recorder recorder;

  g_return_val_if_fail (HB_IS_TASK_BUCKET (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  recorder.id = ++self->last_recorder_id;
  recorder.func = func;
  recorder.data = user_data;
  recorder.destroy = destroy;
  g_array_append_val (self->recorders, recorder);

  return recorder.id;
}

void
hb_task_bucket_remove_exception_recorder (HbTaskBucket *self,
                                          guint         recorder_id)
{
  g_return_if_fail (HB_IS_TASK_BUCKET (self));

  for (guint i = 0; i < self->recorders->len; i++)
    {
      Recorder *recorder = &g_array_index (self->recorders, Recorder, i);
      Recorder removed;

      if (recorder->id != recorder_id || recorder->func == NULL)
        continue;

      removed = *recorder;
      if (self->reporting > 0)
        {
          /* Recorders are being called: keep the slot, skip it, compact later. */
          recorder->func = NULL;
          recorder->data = NULL;
          recorder->destroy = NULL;
          self->recorders_dirty = TRUE;
        }
      else
        {
          g_array_remove_index (self->recorders, i);
        }

      recorder_clear (&removed);
      return;
    }
}
