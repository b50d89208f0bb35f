/* hb-task.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "hb-task.h"

#include "hb-clock.h"
#include "hb-error.h"
#include "hb-task-private.h"

/*
 * A task's life: created PENDING (queued) or RUNNING (hb_task_bucket_run()), then a
 * chain of steps. A step runs with the state RUNNING; what it asked for (hold, sleep,
 * await) is only recorded while it runs and applied once it has returned, so the step
 * result and the request are always looked at together. A task can be cancelled at any
 * time, even from inside its own step; the step then finishes normally but its result
 * is ignored.
 *
 * Lifetime: the bucket holds one reference on every live task (taken at creation,
 * dropped as the very last thing of hb_task_finish()). The task points back at its
 * bucket without a reference (a bucket cancels its live tasks when disposed), and drops
 * that pointer once finished.
 */

typedef enum {
  REQUEST_NONE,
  REQUEST_HOLD,
  REQUEST_SLEEP,
  REQUEST_AWAIT,
} Request;

typedef struct {
  HbTaskFunc     func;
  gpointer       data;
  GDestroyNotify destroy;
} Step;

typedef struct _DoneCallback DoneCallback;

struct _DoneCallback
{
  DoneCallback   *next;
  HbTaskDoneFunc  func;
  gpointer        data;
  GDestroyNotify  destroy;
};

struct _HbTask
{
  GObject         parent_instance;

  HbTaskBucket   *bucket;       /* unowned; NULL once finished */
  HbTask         *parent;
  guint64         id;
  char           *name;
  const char     *owner;        /* interned by the bucket */
  HbTaskState     state;
  HbTaskCount     count;
  /* While SLEEPING this stays NULL until someone asks: formatting an instant is too
   * costly for every debounce restart. */
  char           *waits_on;
  GError         *error;
  gint64          created_usec;
  gint64          finished_usec;
  GCancellable   *cancellable;  /* created on demand */
  gpointer        task_data;
  GDestroyNotify  task_data_destroy;

  /* The step that runs next, or runs right now. Its data lives until the task moves on
   * to another step or finishes, so a held step can still use it. */
  Step            step;

  /* What the running step asked for. */
  Request         request;
  Step            then;
  char           *hold_waits_on;
  GError         *early_error;
  guint           in_step : 1;
  guint           returned_early : 1;

  gint64          sleep_until;  /* SLEEP request, then the SLEEPING due time */
  guint64         clock_entry;  /* while SLEEPING */
  HbTask         *awaiting;     /* AWAIT request, then the task awaited */

  DoneCallback   *done_head;
  DoneCallback   *done_tail;

  HbTaskLinks     links;
};

G_DEFINE_FINAL_TYPE (HbTask, hb_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_OWNER,
  PROP_STATE,
  PROP_WAITS_ON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline gboolean
state_is_final (HbTaskState state)
{
  return state == HB_TASK_DONE || state == HB_TASK_FAILED || state == HB_TASK_CANCELLED;
}

static void
step_clear (Step *step)
{
  gpointer data = step->data;
  GDestroyNotify destroy = step->destroy;

  step->func = NULL;
  step->data = NULL;
  step->destroy = NULL;

  if (destroy != NULL)
    destroy (data);
}

static void
hb_task_clear_request (HbTask *self)
{
  self->request = REQUEST_NONE;
  self->returned_early = FALSE;
  g_clear_pointer (&self->hold_waits_on, g_free);
  g_clear_error (&self->early_error);
  g_clear_object (&self->awaiting);
  step_clear (&self->then);
}

static void
hb_task_dispose (GObject *object)
{
  HbTask *self = (HbTask *)object;
  gpointer task_data = g_steal_pointer (&self->task_data);
  GDestroyNotify task_data_destroy = g_steal_pointer (&self->task_data_destroy);

  /* Only finished tasks get here (the bucket holds live ones), so there is no step, no
   * request and no clock entry left. */
  g_assert (self->bucket == NULL);
  g_assert (self->clock_entry == 0);
  g_assert (self->done_head == NULL);

  step_clear (&self->step);
  hb_task_clear_request (self);
  g_clear_object (&self->parent);
  g_clear_object (&self->cancellable);

  if (task_data_destroy != NULL)
    task_data_destroy (task_data);

  G_OBJECT_CLASS (hb_task_parent_class)->dispose (object);
}

static void
hb_task_finalize (GObject *object)
{
  HbTask *self = (HbTask *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->waits_on, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (hb_task_parent_class)->finalize (object);
}

static void
hb_task_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  HbTask *self = HB_TASK (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_WAITS_ON:
      g_value_set_string (value, hb_task_get_waits_on (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_task_class_init (HbTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_task_dispose;
  object_class->finalize = hb_task_finalize;
  object_class->get_property = hb_task_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       HB_TYPE_TASK_STATE,
                       HB_TASK_PENDING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WAITS_ON] =
    g_param_spec_string ("waits-on", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hb_task_init (HbTask *self)
{
  self->links.live_link.data = self;
  self->links.queue_link.data = self;
}

HbTask *
_hb_task_create (HbTaskBucket   *bucket,
                 HbTask         *parent,
                 guint64         id,
                 const char     *name,
                 const char     *owner,
                 HbTaskState     state,
                 HbTaskFunc      func,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  HbTask *self;

  g_assert (HB_IS_TASK_BUCKET (bucket));
  g_assert (name != NULL);
  g_assert (func != NULL);
  g_assert (state == HB_TASK_PENDING || state == HB_TASK_RUNNING);

  /* No construct properties: this takes GObject's fast construction path. */
  self = g_object_new (HB_TYPE_TASK, NULL);
  self->bucket = bucket;
  self->parent = parent != NULL ? g_object_ref (parent) : NULL;
  self->id = id;
  self->name = g_strdup (name);
  self->owner = owner;
  self->state = state;
  self->count = HB_TASK_COUNT_RUNNABLE;
  self->created_usec = hb_clock_get_now_usec (hb_task_bucket_get_clock (bucket));
  self->step.func = func;
  self->step.data = data;
  self->step.destroy = destroy;

  return self;
}

HbTaskLinks *
_hb_task_get_links (HbTask *task)
{
  return &task->links;
}

/* Moves a live task to another state that is not final. Takes @waits_on. */
static void
hb_task_move (HbTask      *self,
              HbTaskState  state,
              HbTaskCount  count,
              char        *waits_on)
{
  gboolean state_changed;
  gboolean waits_on_changed;

  g_assert (!state_is_final (state));
  g_assert (!state_is_final (self->state));
  g_assert (self->bucket != NULL);

  state_changed = self->state != state;
  /* Entering or leaving SLEEPING always changes what the task waits on (the clock). */
  waits_on_changed = (self->state == HB_TASK_SLEEPING) != (state == HB_TASK_SLEEPING) ||
                     g_strcmp0 (self->waits_on, waits_on) != 0;

  g_free (self->waits_on);
  self->waits_on = waits_on;
  self->state = state;

  if (self->count != count)
    {
      _hb_task_bucket_recount (self->bucket, self->count, count);
      self->count = count;
    }

  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (waits_on_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITS_ON]);
  if ((state_changed || waits_on_changed) && self->bucket != NULL)
    _hb_task_bucket_changed (self->bucket, self);
}

/* Makes a live task PENDING again with its next step at the end of the run queue. */
static void
hb_task_requeue (HbTask *self)
{
  /* Queue first: if a ::task-changed handler cancels the task, the cancellation takes
   * it off the queue again. */
  _hb_task_bucket_enqueue (self->bucket, self);
  hb_task_move (self, HB_TASK_PENDING, HB_TASK_COUNT_RUNNABLE, NULL);
}

static void
hb_task_run_done_callbacks (HbTask *self)
{
  DoneCallback *cb;

  /* Pop one at a time: a callback may add another, which then runs after the rest. */
  while ((cb = self->done_head) != NULL)
    {
      self->done_head = cb->next;
      if (self->done_head == NULL)
        self->done_tail = NULL;

      cb->func (self, cb->data);
      if (cb->destroy != NULL)
        cb->destroy (cb->data);
      g_free (cb);
    }
}

/* Takes @error. Everything bookkeeping-like happens before any outside code runs. */
static void
hb_task_finish (HbTask      *self,
                HbTaskState  state,
                GError      *error)
{
  HbTaskBucket *bucket = self->bucket;
  HbClock *clock;
  gboolean waits_on_changed;

  g_assert (state_is_final (state));
  g_assert (!state_is_final (self->state));
  g_assert (bucket != NULL);
  g_assert ((state == HB_TASK_DONE) == (error == NULL));

  clock = hb_task_bucket_get_clock (bucket);

  waits_on_changed = self->waits_on != NULL || self->state == HB_TASK_SLEEPING;
  g_clear_pointer (&self->waits_on, g_free);
  self->state = state;
  self->error = error;
  self->finished_usec = hb_clock_get_now_usec (clock);

  _hb_task_bucket_recount (bucket, self->count, HB_TASK_COUNT_NONE);
  self->count = HB_TASK_COUNT_NONE;

  if (self->clock_entry != 0)
    {
      hb_clock_remove_entry (clock, self->clock_entry);
      self->clock_entry = 0;
    }

  /* From here on outside code runs (starting with the list model's items-changed); the
   * task's state and every counter are final. That code may drop the last reference to
   * the bucket, which must survive until ::task-finished has been emitted. */
  g_object_ref (bucket);
  _hb_task_bucket_unlink (bucket, self);

  /* A step that is running keeps its data; _hb_task_run_step() frees it afterwards. */
  if (!self->in_step)
    step_clear (&self->step);
  g_clear_object (&self->awaiting);

  if (state == HB_TASK_CANCELLED && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (waits_on_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITS_ON]);

  if (state == HB_TASK_FAILED)
    g_debug ("Task '%s' failed: %s", self->name, error->message);

  _hb_task_bucket_report (bucket, self);
  hb_task_run_done_callbacks (self);

  self->bucket = NULL;
  g_object_unref (bucket);

  /* The bucket's reference. */
  g_object_unref (self);
}

static void
hb_task_sleep_fired_cb (HbClock  *clock,
                        gpointer  user_data)
{
  HbTask *self = user_data;

  g_assert (HB_IS_TASK (self));
  g_assert (self->state == HB_TASK_SLEEPING);

  /* The entry is already out of the clock's queue. */
  self->clock_entry = 0;
  hb_task_requeue (self);
}

static void
hb_task_await_done_cb (HbTask   *other,
                       gpointer  user_data)
{
  HbTask *self = user_data;

  /* Stale when @self was cancelled (or finished) while awaiting. */
  if (self->awaiting != other || self->state != HB_TASK_WAITING)
    return;

  g_clear_object (&self->awaiting);
  hb_task_requeue (self);
}

/* Applies what a step that returned TRUE asked for. */
static void
hb_task_apply_request (HbTask *self)
{
  Step done_step = { NULL, NULL, NULL };
  HbClock *clock;
  HbTask *other;

  switch (self->request)
    {
    case REQUEST_NONE:
      hb_task_finish (self, HB_TASK_DONE, NULL);
      break;

    case REQUEST_HOLD:
      if (self->returned_early)
        {
          GError *error = g_steal_pointer (&self->early_error);

          hb_task_clear_request (self);
          hb_task_finish (self, error != NULL ? HB_TASK_FAILED : HB_TASK_DONE, error);
        }
      else
        {
          char *waits_on = g_steal_pointer (&self->hold_waits_on);

          hb_task_clear_request (self);
          hb_task_move (self, HB_TASK_WAITING, HB_TASK_COUNT_WAITING, waits_on);
        }
      break;

    case REQUEST_SLEEP:
      done_step = self->step;
      self->step = self->then;
      self->then = (Step) { NULL, NULL, NULL };
      self->request = REQUEST_NONE;

      clock = hb_task_bucket_get_clock (self->bucket);
      self->clock_entry = hb_clock_add_entry (clock, self->sleep_until, HB_CLOCK_ENTRY_TIMER,
                                              hb_task_sleep_fired_cb, self);
      hb_task_move (self, HB_TASK_SLEEPING, HB_TASK_COUNT_SLEEPING, NULL);
      break;

    case REQUEST_AWAIT:
      done_step = self->step;
      self->step = self->then;
      self->then = (Step) { NULL, NULL, NULL };
      self->request = REQUEST_NONE;

      other = self->awaiting;
      if (hb_task_is_finished (other))
        {
          g_clear_object (&self->awaiting);
          hb_task_requeue (self);
        }
      else
        {
          /* The callback holds @self; it is only dropped when @other finishes. */
          _hb_task_add_done_callback (other, hb_task_await_done_cb,
                                      g_object_ref (self), g_object_unref);
          hb_task_move (self, HB_TASK_WAITING, HB_TASK_COUNT_AWAITING,
                        g_strconcat ("task ", other->name, NULL));
        }
      break;

    default:
      g_assert_not_reached ();
    }

  /* Last: a destroy notify is outside code and may even cancel the task. */
  step_clear (&done_step);
}

void
_hb_task_run_step (HbTask *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert (HB_IS_TASK (self));
  g_assert (self->state == HB_TASK_PENDING || self->state == HB_TASK_RUNNING);
  g_assert (!self->in_step);
  g_assert (self->request == REQUEST_NONE);
  g_assert (self->step.func != NULL);

  g_object_ref (self);

  if (self->state != HB_TASK_RUNNING)
    hb_task_move (self, HB_TASK_RUNNING, HB_TASK_COUNT_RUNNABLE, NULL);

  /* A ::task-changed handler may have cancelled it. */
  if (state_is_final (self->state))
    {
      g_object_unref (self);
      return;
    }

  self->in_step = TRUE;
  ok = self->step.func (self, self->step.data, &error);
  self->in_step = FALSE;

  if (state_is_final (self->state))
    {
      /* Cancelled during its own step: the result no longer matters. hb_task_finish()
       * left the step's data to us. */
      step_clear (&self->step);
    }
  else if (!ok)
    {
      if (error == NULL)
        error = g_error_new (HB_ERROR, HB_ERROR_FAILED,
                             "Task '%s' failed without setting an error", self->name);
      hb_task_finish (self, HB_TASK_FAILED, g_steal_pointer (&error));
    }
  else
    {
      if (error != NULL)
        {
          g_critical ("Task '%s' returned TRUE but set an error: %s",
                      self->name, error->message);
          g_clear_error (&error);
        }
      hb_task_apply_request (self);
    }

  /* Whatever the step asked for and was not applied (the task failed or was cancelled)
   * is dropped only now, because freeing it runs outside code. An applied request is
   * already REQUEST_NONE, and its awaited task belongs to the WAITING state. */
  if (self->request != REQUEST_NONE)
    hb_task_clear_request (self);

  g_object_unref (self);
}

HbTask *
_hb_task_new (HbTaskBucket   *bucket,
              const char     *name,
              const char     *owner,
              HbTaskFunc      func,
              gpointer        data,
              GDestroyNotify  destroy)
{
  HbTask *task;

  g_return_val_if_fail (HB_IS_TASK_BUCKET (bucket), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  task = _hb_task_bucket_add (bucket, NULL, name, owner, func, data, destroy);

  return task != NULL ? g_object_ref (task) : NULL;
}

void
_hb_task_add_done_callback (HbTask         *task,
                            HbTaskDoneFunc  func,
                            gpointer        data,
                            GDestroyNotify  destroy)
{
  DoneCallback *cb;

  g_return_if_fail (HB_IS_TASK (task));
  g_return_if_fail (func != NULL);

  /* Finished and not draining its callbacks any more: run now. */
  if (state_is_final (task->state) && task->done_head == NULL)
    {
      g_object_ref (task);
      func (task, data);
      if (destroy != NULL)
        destroy (data);
      g_object_unref (task);
      return;
    }

  cb = g_new0 (DoneCallback, 1);
  cb->func = func;
  cb->data = data;
  cb->destroy = destroy;

  if (task->done_tail != NULL)
    task->done_tail->next = cb;
  else
    task->done_head = cb;
  task->done_tail = cb;
}

guint64
hb_task_get_id (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), 0);

  return self->id;
}

const char *
hb_task_get_name (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), NULL);

  return self->name;
}

const char *
hb_task_get_owner (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), NULL);

  return self->owner;
}

HbTaskState
hb_task_get_state (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), HB_TASK_PENDING);

  return self->state;
}

gboolean
hb_task_is_finished (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), FALSE);

  return state_is_final (self->state);
}

/**
 * hb_task_get_waits_on:
 * @self: a task
 *
 * Returns: (nullable): what a WAITING or SLEEPING task waits on, %NULL otherwise
 */
const char *
hb_task_get_waits_on (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), NULL);

  if (self->state == HB_TASK_SLEEPING && self->waits_on == NULL && self->bucket != NULL)
    {
      HbClock *clock = hb_task_bucket_get_clock (self->bucket);
      g_autoptr(GDateTime) until = hb_clock_to_date_time (clock, self->sleep_until);

      if (until != NULL)
        {
          g_autofree char *text = hb_format_instant (until);

          self->waits_on = g_strconcat ("clock until ", text, NULL);
        }
      else
        {
          self->waits_on = g_strdup_printf ("clock until %" G_GINT64_FORMAT " usec",
                                            self->sleep_until);
        }
    }

  return self->waits_on;
}

const GError *
hb_task_get_error (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), NULL);

  return self->error;
}

gint64
hb_task_get_created_usec (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), 0);

  return self->created_usec;
}

gint64
hb_task_get_finished_usec (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), 0);

  return self->finished_usec;
}

/**
 * hb_task_get_cancellable:
 * @self: a task
 *
 * Created on first use; already cancelled when the task was cancelled before.
 *
 * Returns: (transfer none): the task's cancellable
 */
GCancellable *
hb_task_get_cancellable (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), NULL);

  if (self->cancellable == NULL)
    {
      self->cancellable = g_cancellable_new ();
      if (self->state == HB_TASK_CANCELLED)
        g_cancellable_cancel (self->cancellable);
    }

  return self->cancellable;
}

HbTask *
hb_task_get_parent (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), NULL);

  return self->parent;
}

void
hb_task_set_task_data (HbTask         *self,
                       gpointer        data,
                       GDestroyNotify  destroy)
{
  gpointer old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (HB_IS_TASK (self));

  old_data = self->task_data;
  old_destroy = self->task_data_destroy;
  self->task_data = data;
  self->task_data_destroy = destroy;

  if (old_destroy != NULL)
    old_destroy (old_data);
}

gpointer
hb_task_get_task_data (HbTask *self)
{
  g_return_val_if_fail (HB_IS_TASK (self), NULL);

  return self->task_data;
}

/* Whether hold/sleep/await may record a request now. A task cancelled during its own
 * step may still ask: that is ignored without a warning (FALSE, *ignored = TRUE). */
static gboolean
hb_task_can_request (HbTask     *self,
                     const char *what,
                     gboolean   *ignored)
{
  *ignored = FALSE;

  if (self->in_step && self->state == HB_TASK_CANCELLED)
    {
      *ignored = TRUE;
      return FALSE;
    }

  if (!self->in_step || self->state != HB_TASK_RUNNING)
    {
      g_critical ("hb_task_%s: task '%s' is not running a step (it is %s)",
                  what, self->name, hb_task_state_to_string (self->state));
      return FALSE;
    }

  if (self->request != REQUEST_NONE)
    {
      g_critical ("hb_task_%s: task '%s' already asked to hold, sleep or await in this step",
                  what, self->name);
      return FALSE;
    }

  return TRUE;
}

/**
 * hb_task_hold:
 * @self: the task whose step is running
 * @waits_on: (nullable): what it waits on, for people reading the task list
 *
 * After the step returns %TRUE the task is WAITING until hb_task_return() or
 * hb_task_return_error(). Those may also be called before the step returns.
 */
void
hb_task_hold (HbTask     *self,
              const char *waits_on)
{
  gboolean ignored;

  g_return_if_fail (HB_IS_TASK (self));

  if (!hb_task_can_request (self, "hold", &ignored))
    return;

  self->request = REQUEST_HOLD;
  self->hold_waits_on = g_strdup (waits_on);
}

/**
 * hb_task_sleep:
 * @self: the task whose step is running
 * @seconds: how long, finite and >= 0
 * @then: the step to run after the sleep
 * @user_data: data for @then
 * @destroy: (nullable): frees @user_data; called even when this fails
 * @error: return location for an %HB_ERROR_INVALID_ARGUMENT error
 *
 * After the step returns %TRUE the task is SLEEPING on a TIMER entry of the bucket's
 * clock, due @seconds from now.
 *
 * Returns: %FALSE with @error set if @seconds is not a valid duration
 */
gboolean
hb_task_sleep (HbTask          *self,
               double           seconds,
               HbTaskFunc       then,
               gpointer         user_data,
               GDestroyNotify   destroy,
               GError         **error)
{
  gboolean ignored;
  gint64 now;

  g_return_val_if_fail (HB_IS_TASK (self), FALSE);
  g_return_val_if_fail (then != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!hb_task_can_request (self, "sleep", &ignored))
    {
      if (destroy != NULL)
        destroy (user_data);
      return ignored;
    }

  if (!isfinite (seconds) || seconds < 0)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Task '%s' cannot sleep for %g seconds: a duration must be finite and >= 0",
                   self->name, seconds);
      if (destroy != NULL)
        destroy (user_data);
      return FALSE;
    }

  now = hb_clock_get_now_usec (hb_task_bucket_get_clock (self->bucket));
  if (seconds >= (double) (G_MAXINT64 - now) / HB_USEC_PER_SECOND)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Task '%s' cannot sleep for %g seconds: the wake-up time is out of range",
                   self->name, seconds);
      if (destroy != NULL)
        destroy (user_data);
      return FALSE;
    }

  self->request = REQUEST_SLEEP;
  self->sleep_until = now + (gint64) llround (seconds * HB_USEC_PER_SECOND);
  self->then.func = then;
  self->then.data = user_data;
  self->then.destroy = destroy;

  return TRUE;
}

/**
 * hb_task_await:
 * @self: the task whose step is running
 * @other: the task to wait for (not @self)
 * @then: the step to run once @other has finished (whatever its outcome)
 * @user_data: data for @then
 * @destroy: (nullable): frees @user_data
 *
 * After the step returns %TRUE the task is WAITING on @other ("task <name>"), counted as
 * awaiting, not as waiting: it only waits on work the bucket can see. If @other has
 * already finished, @then is queued at once.
 */
void
hb_task_await (HbTask         *self,
               HbTask         *other,
               HbTaskFunc      then,
               gpointer        user_data,
               GDestroyNotify  destroy)
{
  gboolean ignored;

  g_return_if_fail (HB_IS_TASK (self));
  g_return_if_fail (HB_IS_TASK (other));
  g_return_if_fail (other != self);
  g_return_if_fail (then != NULL);

  if (!hb_task_can_request (self, "await", &ignored))
    {
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  self->request = REQUEST_AWAIT;
  self->awaiting = g_object_ref (other);
  self->then.func = then;
  self->then.data = user_data;
  self->then.destroy = destroy;
}

/* Common part of hb_task_return() and hb_task_return_error(). Takes @error. */
static void
hb_task_return_internal (HbTask     *self,
                         GError     *error,
                         const char *what)
{
  /* Work that completes after its task was cancelled is normal (a GIO call finishing
   * with G_IO_ERROR_CANCELLED); the result is dropped. */
  if (self->state == HB_TASK_CANCELLED)
    {
      g_clear_error (&error);
      return;
    }

  /* Held and returned within the same step. */
  if (self->in_step && self->state == HB_TASK_RUNNING &&
      self->request == REQUEST_HOLD && !self->returned_early)
    {
      self->returned_early = TRUE;
      self->early_error = error;
      return;
    }

  if (self->state != HB_TASK_WAITING || self->count != HB_TASK_COUNT_WAITING)
    {
      g_critical ("%s: task '%s' is not held (it is %s%s)",
                  what, self->name, hb_task_state_to_string (self->state),
                  self->count == HB_TASK_COUNT_AWAITING ? ", awaiting a task" : "");
      g_clear_error (&error);
      return;
    }

  hb_task_finish (self, error != NULL ? HB_TASK_FAILED : HB_TASK_DONE, error);
}

/**
 * hb_task_return:
 * @self: a held (WAITING) task
 *
 * Finishes the task successfully. Ignored on a task that was cancelled meanwhile.
 */
void
hb_task_return (HbTask *self)
{
  g_return_if_fail (HB_IS_TASK (self));

  hb_task_return_internal (self, NULL, "hb_task_return");
}

/**
 * hb_task_return_error:
 * @self: a held (WAITING) task
 * @error: (transfer full): why it failed
 *
 * Fails the task. Ignored (and @error freed) on a task that was cancelled meanwhile.
 */
void
hb_task_return_error (HbTask *self,
                      GError *error)
{
  g_return_if_fail (HB_IS_TASK (self));
  g_return_if_fail (error != NULL);

  hb_task_return_internal (self, error, "hb_task_return_error");
}

/**
 * hb_task_cancel:
 * @self: a task
 *
 * Does nothing on a finished task. Children the task spawned are not cancelled: like
 * an asyncio task, a child is its own unit of work (the bus cancels a restarted handler
 * run, not the work the handler handed off). Cancel them explicitly when needed.
 */
void
hb_task_cancel (HbTask *self)
{
  g_return_if_fail (HB_IS_TASK (self));

  if (state_is_final (self->state))
    return;

  hb_task_finish (self, HB_TASK_CANCELLED,
                  g_error_new (HB_ERROR, HB_ERROR_CANCELLED,
                               "Task '%s' was cancelled", self->name));
}

HbTask *
hb_task_spawn_child (HbTask         *self,
                     const char     *name,
                     HbTaskFunc      func,
                     gpointer        user_data,
                     GDestroyNotify  destroy)
{
  g_return_val_if_fail (HB_IS_TASK (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (self->bucket == NULL)
    {
      g_critical ("hb_task_spawn_child: task '%s' has finished; spawn '%s' on the bucket",
                  self->name, name);
      return NULL;
    }

  return _hb_task_bucket_add (self->bucket, self, name, self->owner, func, user_data, destroy);
}
