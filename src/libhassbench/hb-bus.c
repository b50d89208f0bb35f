/* hb-bus.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hb-bus.h"
#include "hb-error.h"
#include "hb-event-private.h"
#include "hb-listener-private.h"
#include "hb-task-private.h"

/*
 * Dispatch in one picture:
 *
 *   hb_bus_emit (event)
 *     candidates = by_topic["hass.event.state_changed.<entity>"]            exact route
 *                + by_domain[<domain>] + state_globs + topic_globs (that match) glob route
 *                + by_topic[<topic>]                                           bare route
 *     for each candidate: filters -> debounce | duration | throttle -> mode guard
 *       -> hb_task_bucket_spawn ("handler:<name>")
 *
 * Nothing an app wrote runs inside emit: handlers, error handlers and failing predicates
 * all surface from tasks in the bucket's run queue, in the order emit spawned them.
 * Only the index entries that can match are visited, so listeners on other entities cost
 * nothing (the benchmark keeps 10,000 of them).
 *
 * Ownership: the bus holds the only reference that keeps a listener registered (in
 * `listeners`); the index tables hold plain pointers. Tasks hold references to the
 * listener and event they work on, and a weak reference to the bus, so a task that
 * outlives its bus (or its listener's removal) never touches freed memory.
 */

#define BUS_TASK_OWNER "bus"

struct _HbBus
{
  GObject            parent_instance;

  HbClock           *clock;
  HbTaskBucket      *bucket;
  HbStates          *states;
  char              *owner;

  GSequence         *listeners;    /* HbListener, registration order; owns a reference */
  GHashTable        *by_name;      /* name -> HbListener */
  GHashTable        *by_topic;     /* exact topic -> GPtrArray (route order) */
  GHashTable        *by_domain;    /* literal domain of "light.*" globs -> GPtrArray */
  GPtrArray         *state_globs;  /* other entity globs (route order) */
  GPtrArray         *topic_globs;  /* topic globs (route order) */
  GString           *route;        /* scratch for the entity route */

  guint64            next_order;
  guint64            n_events;

  HbBusErrorHandler  error_handler;
  gpointer           error_data;
  GDestroyNotify     error_destroy;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HbBus, hb_bus, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_OWNER,
  PROP_N_LISTENERS,
  N_PROPS
};

enum {
  DISPATCHED,
  LISTENER_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum {
  RUN_STARTED,
  RUN_DROPPED,
  RUN_QUEUE_FULL,
  RUN_QUEUED,
} RunOutcome;

/* What a task the bus spawns works on. Shared (refcounted) between a run's step and its
 * done callback. */
typedef struct {
  GWeakRef    bus;
  HbListener *listener;
  HbEvent    *event;
  GError     *error;
} Work;

static void remove_internal (HbBus      *self,
                             HbListener *listener,
                             gboolean    cancel_runs_too);
static void spawn_run       (HbBus      *self,
                             HbListener *listener,
                             HbEvent    *event);

static Work *
work_new (HbBus      *bus,
          HbListener *listener,
          HbEvent    *event)
{
  Work *work = g_rc_box_new0 (Work);

  g_weak_ref_init (&work->bus, bus);
  work->listener = g_object_ref (listener);
  work->event = event != NULL ? g_object_ref (event) : NULL;

  return work;
}

static void
work_clear (gpointer data)
{
  Work *work = data;

  g_weak_ref_clear (&work->bus);
  g_clear_object (&work->listener);
  g_clear_object (&work->event);
  g_clear_error (&work->error);
}

static void
work_unref (gpointer data)
{
  g_rc_box_release_full (data, work_clear);
}

static gint64
seconds_to_usec (double seconds)
{
  return (gint64) llround (seconds * (double) HB_USEC_PER_SECOND);
}

/* Route order: higher priority first, then registration order. */
static int
route_compare (HbListener *a,
               HbListener *b)
{
  if (a->priority != b->priority)
    return a->priority > b->priority ? -1 : 1;
  if (a->order != b->order)
    return a->order < b->order ? -1 : 1;
  return 0;
}

static int
route_compare_indirect (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  return route_compare (*(HbListener **) a, *(HbListener **) b);
}

/* First index whose listener sorts after @listener. */
static guint
route_bisect (GPtrArray  *list,
              HbListener *listener)
{
  guint lo = 0;
  guint hi = list->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (route_compare (g_ptr_array_index (list, mid), listener) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static void
route_insert (GPtrArray  *list,
              HbListener *listener)
{
  g_ptr_array_insert (list, route_bisect (list, listener), listener);
}

static void
route_remove (GPtrArray  *list,
              HbListener *listener)
{
  guint pos = route_bisect (list, listener);

  /* (priority, order) is unique, so the listener sits just before the bisection point */
  g_assert (pos > 0 && g_ptr_array_index (list, pos - 1) == listener);
  g_ptr_array_remove_index (list, pos - 1);
}

static GPtrArray *
index_list (HbBus      *self,
            HbListener *listener,
            gboolean    create)
{
  GHashTable *table;
  const char *key;
  GPtrArray *list;

  switch (listener->route)
    {
    case HB_ROUTE_STATE_GLOB:
      return self->state_globs;

    case HB_ROUTE_TOPIC_GLOB:
      return self->topic_globs;

    case HB_ROUTE_TOPIC:
      table = self->by_topic;
      key = listener->topic;
      break;

    case HB_ROUTE_DOMAIN:
      table = self->by_domain;
      key = listener->domain;
      break;

    case HB_ROUTE_NONE:
    default:
      g_assert_not_reached ();
    }

  list = g_hash_table_lookup (table, key);
  if (list == NULL && create)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (table, g_strdup (key), list);
    }

  return list;
}

static void
index_add (HbBus      *self,
           HbListener *listener)
{
  route_insert (index_list (self, listener, TRUE), listener);
}

static void
index_remove (HbBus      *self,
              HbListener *listener)
{
  GPtrArray *list = index_list (self, listener, FALSE);

  g_assert (list != NULL);
  route_remove (list, listener);

  if (list->len == 0 && listener->route == HB_ROUTE_TOPIC)
    g_hash_table_remove (self->by_topic, listener->topic);
  else if (list->len == 0 && listener->route == HB_ROUTE_DOMAIN)
    g_hash_table_remove (self->by_domain, listener->domain);
}

static void
report_listener_error (HbBus        *self,
                       HbListener   *listener,
                       HbEvent      *event,
                       const GError *error)
{
  if (self->error_handler != NULL)
    self->error_handler (listener, event, error, self->error_data);

  g_signal_emit (self, signals[LISTENER_ERROR], 0, listener, event, error);
}

/* Tasks the bus starts on its own behalf tell it when they end, so it never holds a
 * stale pointer to a finished timer. */
static void
timer_done_cb (HbTask   *task,
               gpointer  user_data)
{
  HbListener *listener = user_data;

  if (listener->debounce_hold.task == task)
    g_clear_object (&listener->debounce_hold.task);
  if (listener->duration_hold.task == task)
    g_clear_object (&listener->duration_hold.task);
  if (listener->immediate_task == task)
    g_clear_object (&listener->immediate_task);
}

/* Returns: (transfer full): a task the listener keeps track of */
static HbTask *
spawn_tracked (HbBus          *self,
               HbListener     *listener,
               const char     *name,
               const char     *owner,
               HbTaskFunc      func,
               gpointer        data,
               GDestroyNotify  destroy)
{
  HbTask *task;

  task = hb_task_bucket_spawn (self->bucket, name, owner, func, data, destroy);
  _hb_task_add_done_callback (task, timer_done_cb, g_object_ref (listener), g_object_unref);

  return g_object_ref (task);
}

static void
cancel_task (HbTask **task_ptr)
{
  g_autoptr(HbTask) task = g_steal_pointer (task_ptr);

  if (task != NULL && !hb_task_is_finished (task))
    hb_task_cancel (task);
}

static void
cancel_runs (HbListener *listener)
{
  g_autoptr(GPtrArray) runs = g_steal_pointer (&listener->runs);

  /* a done callback fired by the cancel finds a fresh array, not the one being walked */
  listener->runs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < runs->len; i++)
    {
      HbTask *task = g_ptr_array_index (runs, i);

      if (!hb_task_is_finished (task))
        hb_task_cancel (task);
    }
}

static gboolean
run_step (HbTask    *task,
          gpointer   user_data,
          GError   **error)
{
  Work *work = user_data;
  HbListener *listener = work->listener;
  GError *local_error = NULL;
  gboolean ok;

  if (listener->handler == NULL)
    return TRUE;

  ok = listener->handler (work->event, task, listener->handler_data, &local_error);

  if (ok && local_error != NULL)
    {
      g_warning ("Handler of listener '%s' returned TRUE but set an error: %s",
                 listener->name, local_error->message);
      g_clear_error (&local_error);
    }
  else if (!ok && local_error == NULL)
    {
      local_error = g_error_new (HB_ERROR, HB_ERROR_FAILED,
                                 "Handler of listener '%s' failed without saying why",
                                 listener->name);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static void
run_done_cb (HbTask   *task,
             gpointer  user_data)
{
  Work *work = user_data;
  HbListener *listener = work->listener;
  g_autoptr(HbBus) bus = g_weak_ref_get (&work->bus);

  if (bus != NULL && hb_task_get_state (task) == HB_TASK_FAILED)
    report_listener_error (bus, listener, work->event, hb_task_get_error (task));

  /* Removing the task drops our reference; do it only once we no longer use it. */
  if (listener->runs != NULL)
    g_ptr_array_remove (listener->runs, task);

  if (bus != NULL &&
      listener->active &&
      listener->bus == bus &&
      listener->mode == HB_MODE_QUEUED &&
      listener->runs->len == 0 &&
      !g_queue_is_empty (&listener->queued))
    {
      g_autoptr(HbEvent) next = g_queue_pop_head (&listener->queued);

      spawn_run (bus, listener, next);
    }
}

static void
spawn_run (HbBus      *self,
           HbListener *listener,
           HbEvent    *event)
{
  Work *work = work_new (self, listener, event);
  HbTask *task;

  task = hb_task_bucket_spawn (self->bucket, listener->task_name, self->owner,
                               run_step, g_rc_box_acquire (work), work_unref);
  _hb_task_add_done_callback (task, run_done_cb, work, work_unref);

  listener->n_runs++;
  g_ptr_array_add (listener->runs, g_object_ref (task));
}

/* The mode guard: whether a run starts now, waits, or is dropped. */
static RunOutcome
start_run (HbBus      *self,
           HbListener *listener,
           HbEvent    *event)
{
  if (listener->mode != HB_MODE_PARALLEL && listener->runs->len > 0)
    {
      switch (listener->mode)
        {
        case HB_MODE_SINGLE:
          return RUN_DROPPED;

        case HB_MODE_RESTART:
          cancel_runs (listener);
          break;

        case HB_MODE_QUEUED:
          if (g_queue_get_length (&listener->queued) >= HB_MODE_QUEUE_LIMIT)
            return RUN_QUEUE_FULL;
          g_queue_push_tail (&listener->queued, g_object_ref (event));
          return RUN_QUEUED;

        case HB_MODE_PARALLEL:
        default:
          g_assert_not_reached ();
        }
    }

  spawn_run (self, listener, event);
  return RUN_STARTED;
}

static gboolean
predicate_error_step (HbTask    *task,
                      gpointer   user_data,
                      GError   **error)
{
  Work *work = user_data;
  g_autoptr(HbBus) bus = g_weak_ref_get (&work->bus);

  if (bus != NULL)
    report_listener_error (bus, work->listener, work->event, work->error);

  g_propagate_error (error, g_error_copy (work->error));
  return FALSE;
}

/* A failing predicate must not vanish: it becomes a failed task a drain reports. */
static void
spawn_predicate_error (HbBus      *self,
                       HbListener *listener,
                       HbEvent    *event,
                       GError     *error)
{
  Work *work = work_new (self, listener, event);

  g_prefix_error (&error, "Predicate of listener '%s' failed: ", listener->name);
  work->error = error;

  hb_task_bucket_spawn (self->bucket, "bus:predicate_error", BUS_TASK_OWNER,
                        predicate_error_step, work, work_unref);
}

static void
finish_fire (HbListener *listener,
             HbEvent    *event)
{
  HbBus *bus = listener->bus;

  if (start_run (bus, listener, event) == RUN_STARTED && listener->once)
    remove_internal (bus, listener, FALSE);
}

/* A hold's due time came: the listener fires with the held event, unless the hold was
 * replaced or the listener removed meanwhile. */
static gboolean
hold_fire (HbListener     *listener,
           HbListenerHold *hold,
           HbTask         *task)
{
  g_autoptr(HbEvent) event = NULL;

  if (!listener->active || hold->task != task)
    return TRUE;

  event = g_steal_pointer (&hold->event);
  g_clear_object (&hold->task);
  finish_fire (listener, event);
  return TRUE;
}

/* The hold's task sleeps until its due time, then runs @fire. */
static gboolean
hold_sleep (HbListener     *listener,
            HbListenerHold *hold,
            HbTask         *task,
            HbTaskFunc      fire,
            GError        **error)
{
  gint64 remaining;

  if (!listener->active || hold->task != task)
    return TRUE;

  /* The due time was fixed when the event arrived, not when this step got to run. */
  remaining = MAX (0, hold->due - hb_clock_get_now_usec (listener->bus->clock));
  return hb_task_sleep (task, (double) remaining / HB_USEC_PER_SECOND,
                        fire, g_object_ref (listener), g_object_unref, error);
}

/* Holds @event in @hold until @due_usec, in a fresh task (a running one is cancelled). */
static void
hold_start (HbBus          *self,
            HbListener     *listener,
            HbListenerHold *hold,
            HbEvent        *event,
            gint64          due_usec,
            const char     *name,
            const char     *owner,
            HbTaskFunc      step)
{
  g_set_object (&hold->event, event);
  hold->due = due_usec;

  cancel_task (&hold->task);
  hold->task = spawn_tracked (self, listener, name, owner, step, g_object_ref (listener),
                              g_object_unref);
}

static void
hold_cancel (HbListenerHold *hold)
{
  cancel_task (&hold->task);
  g_clear_object (&hold->event);
}

static gboolean
debounce_fire_step (HbTask    *task,
                    gpointer   user_data,
                    GError   **error)
{
  HbListener *listener = user_data;

  return hold_fire (listener, &listener->debounce_hold, task);
}

static gboolean
debounce_step (HbTask    *task,
               gpointer   user_data,
               GError   **error)
{
  HbListener *listener = user_data;

  return hold_sleep (listener, &listener->debounce_hold, task, debounce_fire_step, error);
}

static void
start_debounce (HbBus      *self,
                HbListener *listener,
                HbEvent    *event)
{
  hold_start (self, listener, &listener->debounce_hold, event,
              hb_clock_get_now_usec (self->clock) + seconds_to_usec (listener->debounce),
              "handler:debounce", self->owner, debounce_step);
}

static gboolean
duration_fire_step (HbTask    *task,
                    gpointer   user_data,
                    GError   **error)
{
  HbListener *listener = user_data;

  return hold_fire (listener, &listener->duration_hold, task);
}

static gboolean
duration_step (HbTask    *task,
               gpointer   user_data,
               GError   **error)
{
  HbListener *listener = user_data;

  return hold_sleep (listener, &listener->duration_hold, task, duration_fire_step, error);
}

static void
start_duration (HbBus      *self,
                HbListener *listener,
                HbEvent    *event,
                gint64      due_usec)
{
  hold_start (self, listener, &listener->duration_hold, event, due_usec,
              "bus:duration_timer", BUS_TASK_OWNER, duration_step);
}

static gboolean
immediate_step (HbTask    *task,
                gpointer   user_data,
                GError   **error)
{
  Work *work = user_data;
  HbListener *listener = work->listener;

  if (!listener->active || listener->immediate_task != task)
    return TRUE;

  g_clear_object (&listener->immediate_task);
  finish_fire (listener, work->event);

  return TRUE;
}

static JsonObject *
report_new (void)
{
  JsonObject *report = json_object_new ();

  json_object_set_array_member (report, "ran", json_array_new ());
  json_object_set_array_member (report, "filtered", json_array_new ());
  json_object_set_array_member (report, "skipped", json_array_new ());
  json_object_set_array_member (report, "deferred", json_array_new ());

  return report;
}

static void
report_add (JsonObject *report,
            const char *list,
            HbListener *listener,
            char       *reason)
{
  JsonObject *entry;

  if (report == NULL)
    {
      g_free (reason);
      return;
    }

  if (reason == NULL)
    {
      json_array_add_string_element (json_object_get_array_member (report, list),
                                     listener->name);
      return;
    }

  entry = json_object_new ();
  json_object_set_string_member (entry, "listener", listener->name);
  json_object_set_string_member (entry, "reason", reason);
  json_array_add_object_element (json_object_get_array_member (report, list), entry);
  g_free (reason);
}

static HbEvent *
strip_old_state (HbEvent *event)
{
  return hb_event_new_state_changed (hb_event_get_entity_id (event),
                                     NULL,
                                     hb_event_get_new_state (event),
                                     hb_event_get_time_fired (event),
                                     hb_event_get_context_id (event));
}

/*
 * The duration hold asks "is the entity still where it should be?", not "did it just get
 * there?": the where predicates see the event without its old state, so a transition
 * predicate (state_from) does not cancel a hold on an attribute refresh.
 */
static HbListenerVerdict
check_hold (HbListener  *listener,
            HbEvent     *event,
            GError     **error)
{
  g_autoptr(HbEvent) stripped = NULL;

  if (listener->where->len == 0)
    return _hb_listener_hold (listener, event, error);

  stripped = strip_old_state (event);
  return _hb_listener_hold (listener, stripped, error);
}

static void
dispatch_one (HbBus      *self,
              HbListener *listener,
              HbEvent    *event,
              JsonObject *report)
{
  GError *error = NULL;
  char *reason = NULL;
  HbListenerVerdict verdict;

  if (!listener->active)
    return;

  if (listener->duration_hold.task != NULL)
    {
      verdict = check_hold (listener, event, &error);
      if (verdict == HB_LISTENER_ERROR)
        {
          if (report != NULL)
            reason = g_strdup_printf ("predicate failed: %s", error->message);
          report_add (report, "skipped", listener, reason);
          spawn_predicate_error (self, listener, event, error);
          return;
        }
      if (verdict == HB_LISTENER_FILTERED)
        hold_cancel (&listener->duration_hold);
    }

  verdict = _hb_listener_filter (listener, event, report != NULL ? &reason : NULL, &error);
  if (verdict == HB_LISTENER_ERROR)
    {
      if (report != NULL)
        reason = g_strdup_printf ("predicate failed: %s", error->message);
      report_add (report, "skipped", listener, reason);
      spawn_predicate_error (self, listener, event, error);
      return;
    }
  if (verdict == HB_LISTENER_FILTERED)
    {
      listener->n_filtered++;
      report_add (report, "filtered", listener, reason);
      return;
    }

  if (listener->debounce > 0)
    {
      start_debounce (self, listener, event);
      if (report != NULL)
        reason = g_strdup_printf ("debounce: runs %gs after the last matching event",
                                  listener->debounce);
      report_add (report, "deferred", listener, reason);
      return;
    }

  if (listener->duration > 0)
    {
      start_duration (self, listener, event,
                      hb_clock_get_now_usec (self->clock) + seconds_to_usec (listener->duration));
      if (report != NULL)
        reason = g_strdup_printf ("duration: runs if the state holds for %gs",
                                  listener->duration);
      report_add (report, "deferred", listener, reason);
      return;
    }

  if (listener->throttle > 0)
    {
      gint64 now = hb_clock_get_now_usec (self->clock);

      if (listener->throttle_armed &&
          now - listener->throttle_last < seconds_to_usec (listener->throttle))
        {
          if (report != NULL)
            reason = g_strdup_printf ("throttle: last run %gs ago, within the %gs window",
                                      (double) (now - listener->throttle_last) /
                                      HB_USEC_PER_SECOND,
                                      listener->throttle);
          report_add (report, "skipped", listener, reason);
          return;
        }

      listener->throttle_armed = TRUE;
      listener->throttle_last = now;
    }

  switch (start_run (self, listener, event))
    {
    case RUN_STARTED:
      report_add (report, "ran", listener, NULL);
      if (listener->once)
        remove_internal (self, listener, FALSE);
      break;

    case RUN_DROPPED:
      if (report != NULL)
        reason = g_strdup ("mode single: the previous run is still in flight");
      report_add (report, "skipped", listener, reason);
      break;

    case RUN_QUEUE_FULL:
      if (report != NULL)
        reason = g_strdup_printf ("mode queued: the queue is full (%d pending)",
                                  HB_MODE_QUEUE_LIMIT);
      report_add (report, "skipped", listener, reason);
      break;

    case RUN_QUEUED:
      if (report != NULL)
        reason = g_strdup_printf ("mode queued: waits behind the run in flight (%u pending)",
                                  g_queue_get_length (&listener->queued));
      report_add (report, "deferred", listener, reason);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
take_candidate (GPtrArray  *candidates,
                HbListener *listener,
                guint64     seq)
{
  /* A listener reachable from several routes runs once, from the first. */
  if (listener->stamp == seq)
    return;

  listener->stamp = seq;
  g_ptr_array_add (candidates, g_object_ref (listener));
}

static void
take_all (GPtrArray *candidates,
          GPtrArray *list,
          guint64    seq)
{
  if (list == NULL)
    return;

  for (guint i = 0; i < list->len; i++)
    take_candidate (candidates, g_ptr_array_index (list, i), seq);
}

static gboolean
glob_matches (HbListener *listener,
              const char *pattern,
              const char *text)
{
  /* the literal head of the pattern rules most texts out without the full match */
  if (strncmp (pattern, text, listener->glob_prefix_len) != 0)
    return FALSE;

  return hb_glob_match (pattern, text);
}

static void
collect_candidates (HbBus     *self,
                    HbEvent   *event,
                    guint64    seq,
                    GPtrArray *candidates)
{
  const char *topic = hb_event_get_topic (event);
  const char *entity_id = NULL;
  guint glob_start;

  if (g_str_equal (topic, HB_TOPIC_STATE_CHANGED))
    entity_id = hb_event_get_entity_id (event);

  if (entity_id != NULL)
    {
      g_string_truncate (self->route, 0);
      g_string_append (self->route, topic);
      g_string_append_c (self->route, '.');
      g_string_append (self->route, entity_id);

      /* 1. the exact entity route */
      take_all (candidates, g_hash_table_lookup (self->by_topic, self->route->str), seq);

      /* 2. globs: "light.*" style through the domain index, then the rest */
      glob_start = candidates->len;

      if (g_hash_table_size (self->by_domain) > 0)
        {
          const char *domain = hb_event_get_domain (event);
          GPtrArray *list = domain != NULL ? g_hash_table_lookup (self->by_domain, domain)
                                           : NULL;

          for (guint i = 0; list != NULL && i < list->len; i++)
            {
              HbListener *listener = g_ptr_array_index (list, i);

              if (glob_matches (listener, listener->entity_id, entity_id))
                take_candidate (candidates, listener, seq);
            }
        }

      for (guint i = 0; i < self->state_globs->len; i++)
        {
          HbListener *listener = g_ptr_array_index (self->state_globs, i);

          if (glob_matches (listener, listener->entity_id, entity_id))
            take_candidate (candidates, listener, seq);
        }

      for (guint i = 0; i < self->topic_globs->len; i++)
        {
          HbListener *listener = g_ptr_array_index (self->topic_globs, i);

          if (glob_matches (listener, listener->topic, self->route->str) ||
              glob_matches (listener, listener->topic, topic))
            take_candidate (candidates, listener, seq);
        }
    }
  else
    {
      glob_start = candidates->len;

      for (guint i = 0; i < self->topic_globs->len; i++)
        {
          HbListener *listener = g_ptr_array_index (self->topic_globs, i);

          if (glob_matches (listener, listener->topic, topic))
            take_candidate (candidates, listener, seq);
        }
    }

  /* the glob route merges several sorted sources: restore priority order across them */
  if (candidates->len - glob_start > 1)
    g_qsort_with_data (candidates->pdata + glob_start, candidates->len - glob_start,
                       sizeof (gpointer), route_compare_indirect, NULL);

  /* 3. the bare topic */
  take_all (candidates, g_hash_table_lookup (self->by_topic, topic), seq);
}

guint64
hb_bus_emit (HbBus   *self,
             HbEvent *event)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(HbEvent) hold = NULL;
  guint64 seq;

  g_return_val_if_fail (HB_IS_BUS (self), 0);
  g_return_val_if_fail (HB_IS_EVENT (event), 0);

  hold = g_object_ref (event);
  seq = ++self->n_events;
  _hb_event_set_seq (event, seq);

  /* reasons are only worth formatting when someone listens for them */
  if (g_signal_has_handler_pending (self, signals[DISPATCHED], 0, FALSE))
    report = report_new ();

  candidates = g_ptr_array_new_with_free_func (g_object_unref);
  collect_candidates (self, event, seq, candidates);

  for (guint i = 0; i < candidates->len; i++)
    dispatch_one (self, g_ptr_array_index (candidates, i), event, report);

  if (report != NULL)
    g_signal_emit (self, signals[DISPATCHED], 0, event, report);

  return seq;
}

guint64
hb_bus_emit_topic (HbBus      *self,
                   const char *topic,
                   JsonObject *data)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(HbEvent) event = NULL;
  g_autofree char *time_fired = NULL;

  g_return_val_if_fail (HB_IS_BUS (self), 0);
  g_return_val_if_fail (topic != NULL && *topic != '\0', 0);

  now = hb_clock_get_now (self->clock);
  time_fired = hb_format_instant (now);
  event = hb_event_new (topic, data, time_fired,
                        g_str_has_prefix (topic, "hass.") ? "LOCAL" : "HASSETTE", NULL);

  return hb_bus_emit (self, event);
}

static gint64
state_changed_usec (HbBus   *self,
                    HbState *state)
{
  g_autoptr(GDateTime) when = NULL;

  when = hb_parse_instant (hb_state_get_last_changed (state),
                           hb_clock_get_time_zone (self->clock), NULL);
  if (when == NULL)
    return G_MININT64;

  return hb_date_time_to_usec (when);
}

/*
 * immediate: the listener sees the entity as it is now, as if it had just appeared
 * (old state null). With a duration, the time the state has already held counts.
 */
static void
fire_immediate (HbBus      *self,
                HbListener *listener)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(HbEvent) event = NULL;
  g_autofree char *time_fired = NULL;
  GError *error = NULL;
  HbState *state;

  if (self->states == NULL)
    return;

  state = hb_states_lookup (self->states, listener->entity_id);
  if (state == NULL)
    return;

  now = hb_clock_get_now (self->clock);
  time_fired = hb_format_instant (now);
  event = hb_event_new_state_changed (listener->entity_id, NULL, state, time_fired, NULL);

  switch (_hb_listener_filter (listener, event, NULL, &error))
    {
    case HB_LISTENER_ERROR:
      spawn_predicate_error (self, listener, event, error);
      return;

    case HB_LISTENER_FILTERED:
      listener->n_filtered++;
      return;

    case HB_LISTENER_PASS:
    default:
      break;
    }

  if (listener->duration > 0)
    {
      gint64 now_usec = hb_clock_get_now_usec (self->clock);
      gint64 since = state_changed_usec (self, state);
      gint64 duration = seconds_to_usec (listener->duration);

      /* an unreadable last_changed counts as "just changed": the full hold applies */
      if (since == G_MININT64 || since > now_usec)
        since = now_usec;

      if (since > now_usec - duration)
        {
          start_duration (self, listener, event, since + duration);
          return;
        }
    }

  listener->immediate_task = spawn_tracked (self, listener, "bus:immediate_fire", BUS_TASK_OWNER,
                                            immediate_step, work_new (self, listener, event),
                                            work_unref);
}

HbListener *
hb_bus_add_listener (HbBus       *self,
                     HbListener  *listener,
                     HbIfExists   if_exists,
                     GError     **error)
{
  HbListener *existing;
  GSequenceIter *iter;

  g_return_val_if_fail (HB_IS_BUS (self), NULL);
  g_return_val_if_fail (HB_IS_LISTENER (listener), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (listener->added)
    {
      if (if_exists == HB_IF_EXISTS_SKIP && listener->active && listener->bus == self)
        return listener;

      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Listener '%s' was already added to a bus; make a new listener instead",
                   listener->name);
      return NULL;
    }

  if (!_hb_listener_prepare (listener, self->owner, error))
    return NULL;

  existing = g_hash_table_lookup (self->by_name, listener->name);
  if (existing != NULL)
    {
      g_autofree char *diff = NULL;

      switch (if_exists)
        {
        case HB_IF_EXISTS_SKIP:
          diff = _hb_listener_diff (existing, listener);
          if (diff == NULL)
            return existing;
          g_set_error (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME,
                       "A listener named '%s' already exists on the bus of '%s' with a "
                       "different configuration (differs in: %s)",
                       listener->name, self->owner, diff);
          return NULL;

        case HB_IF_EXISTS_REPLACE:
          remove_internal (self, existing, TRUE);
          break;

        case HB_IF_EXISTS_ERROR:
        default:
          g_set_error (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME,
                       "A listener named '%s' already exists on the bus of '%s'; listener "
                       "names must be unique (or add with if_exists skip or replace)",
                       listener->name, self->owner);
          return NULL;
        }
    }

  listener->added = TRUE;
  listener->bus = self;
  listener->order = ++self->next_order;
  listener->runs = g_ptr_array_new_with_free_func (g_object_unref);

  iter = g_sequence_append (self->listeners, g_object_ref (listener));
  listener->model_iter = iter;
  g_hash_table_insert (self->by_name, listener->name, listener);
  index_add (self, listener);
  _hb_listener_set_active (listener, TRUE);

  g_list_model_items_changed (G_LIST_MODEL (self), g_sequence_iter_get_position (iter), 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LISTENERS]);

  if (listener->immediate)
    fire_immediate (self, listener);

  return listener;
}

/* @cancel_runs is FALSE for a once-listener leaving right after its run was spawned. */
static void
remove_internal (HbBus      *self,
                 HbListener *listener,
                 gboolean    cancel_runs_too)
{
  g_autoptr(HbListener) hold = NULL;
  guint position;

  if (listener->bus != self || !listener->active)
    return;

  hold = g_object_ref (listener);

  /* inactive first: done callbacks fired by the cancels below must not start new runs */
  _hb_listener_set_active (listener, FALSE);
  listener->bus = NULL;

  index_remove (self, listener);
  if (g_hash_table_lookup (self->by_name, listener->name) == listener)
    g_hash_table_remove (self->by_name, listener->name);

  position = g_sequence_iter_get_position (listener->model_iter);
  g_sequence_remove (g_steal_pointer (&listener->model_iter));

  g_queue_clear_full (&listener->queued, g_object_unref);
  hold_cancel (&listener->debounce_hold);
  hold_cancel (&listener->duration_hold);
  cancel_task (&listener->immediate_task);
  if (cancel_runs_too)
    cancel_runs (listener);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LISTENERS]);
}

void
hb_bus_remove_listener (HbBus      *self,
                        HbListener *listener)
{
  g_return_if_fail (HB_IS_BUS (self));
  g_return_if_fail (HB_IS_LISTENER (listener));

  remove_internal (self, listener, TRUE);
}

void
hb_bus_remove_all_listeners (HbBus *self)
{
  g_return_if_fail (HB_IS_BUS (self));

  while (g_sequence_get_length (self->listeners) > 0)
    {
      GSequenceIter *last = g_sequence_iter_prev (g_sequence_get_end_iter (self->listeners));

      remove_internal (self, g_sequence_get (last), TRUE);
    }
}

HbListener *
hb_bus_lookup_listener (HbBus      *self,
                        const char *name)
{
  g_return_val_if_fail (HB_IS_BUS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->by_name, name);
}

guint
hb_bus_get_n_listeners (HbBus *self)
{
  g_return_val_if_fail (HB_IS_BUS (self), 0);

  return g_sequence_get_length (self->listeners);
}

GStrv
hb_bus_list_listener_names (HbBus *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  GSequenceIter *iter;

  g_return_val_if_fail (HB_IS_BUS (self), NULL);

  builder = g_strv_builder_new ();
  for (iter = g_sequence_get_begin_iter (self->listeners);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      HbListener *listener = g_sequence_get (iter);

      g_strv_builder_add (builder, listener->name);
    }

  return g_strv_builder_end (builder);
}

void
hb_bus_set_error_handler (HbBus             *self,
                          HbBusErrorHandler  handler,
                          gpointer           user_data,
                          GDestroyNotify     destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (HB_IS_BUS (self));

  old_destroy = self->error_destroy;
  old_data = self->error_data;

  self->error_handler = handler;
  self->error_data = user_data;
  self->error_destroy = destroy;

  if (old_destroy != NULL)
    old_destroy (old_data);
}

guint64
hb_bus_get_n_events (HbBus *self)
{
  g_return_val_if_fail (HB_IS_BUS (self), 0);

  return self->n_events;
}

HbBus *
hb_bus_new (HbClock      *clock,
            HbTaskBucket *bucket,
            HbStates     *states,
            const char   *owner)
{
  HbBus *self;

  g_return_val_if_fail (HB_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (HB_IS_TASK_BUCKET (bucket), NULL);
  g_return_val_if_fail (states == NULL || HB_IS_STATES (states), NULL);

  self = g_object_new (HB_TYPE_BUS, "owner", owner, NULL);
  self->clock = g_object_ref (clock);
  self->bucket = g_object_ref (bucket);
  self->states = states != NULL ? g_object_ref (states) : NULL;

  return self;
}

static GType
hb_bus_get_item_type (GListModel *model)
{
  return HB_TYPE_LISTENER;
}

static guint
hb_bus_get_n_items (GListModel *model)
{
  return g_sequence_get_length (HB_BUS (model)->listeners);
}

static gpointer
hb_bus_get_item (GListModel *model,
                 guint       position)
{
  HbBus *self = HB_BUS (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->listeners, position);

  if (g_sequence_iter_is_end (iter))
    return NULL;

  return g_object_ref (g_sequence_get (iter));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hb_bus_get_item_type;
  iface->get_n_items = hb_bus_get_n_items;
  iface->get_item = hb_bus_get_item;
}

static void
hb_bus_dispose (GObject *object)
{
  HbBus *self = (HbBus *)object;

  hb_bus_remove_all_listeners (self);
  hb_bus_set_error_handler (self, NULL, NULL, NULL);

  g_clear_object (&self->clock);
  g_clear_object (&self->bucket);
  g_clear_object (&self->states);

  G_OBJECT_CLASS (hb_bus_parent_class)->dispose (object);
}

static void
hb_bus_finalize (GObject *object)
{
  HbBus *self = (HbBus *)object;

  g_clear_pointer (&self->listeners, g_sequence_free);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->by_topic, g_hash_table_unref);
  g_clear_pointer (&self->by_domain, g_hash_table_unref);
  g_clear_pointer (&self->state_globs, g_ptr_array_unref);
  g_clear_pointer (&self->topic_globs, g_ptr_array_unref);
  g_string_free (self->route, TRUE);
  g_free (self->owner);

  G_OBJECT_CLASS (hb_bus_parent_class)->finalize (object);
}

static void
hb_bus_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  HbBus *self = HB_BUS (object);

  switch (prop_id)
    {
    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;

    case PROP_N_LISTENERS:
      g_value_set_uint (value, hb_bus_get_n_listeners (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_bus_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  HbBus *self = HB_BUS (object);

  switch (prop_id)
    {
    case PROP_OWNER:
      g_free (self->owner);
      self->owner = g_value_dup_string (value);
      if (self->owner == NULL)
        self->owner = g_strdup (BUS_TASK_OWNER);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_bus_class_init (HbBusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_bus_dispose;
  object_class->finalize = hb_bus_finalize;
  object_class->get_property = hb_bus_get_property;
  object_class->set_property = hb_bus_set_property;

  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_LISTENERS] =
    g_param_spec_uint ("n-listeners", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DISPATCHED] =
    g_signal_new ("dispatched",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  HB_TYPE_EVENT,
                  JSON_TYPE_OBJECT);

  signals[LISTENER_ERROR] =
    g_signal_new ("listener-error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  HB_TYPE_LISTENER,
                  HB_TYPE_EVENT,
                  G_TYPE_ERROR);
}

static void
hb_bus_init (HbBus *self)
{
  self->listeners = g_sequence_new (g_object_unref);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_topic = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->by_domain = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  self->state_globs = g_ptr_array_new ();
  self->topic_globs = g_ptr_array_new ();
  self->route = g_string_new (NULL);
}
