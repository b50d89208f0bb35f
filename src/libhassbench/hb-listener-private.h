/* hb-listener-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-listener.h"

G_BEGIN_DECLS

/* Where the bus indexes a listener. */
typedef enum {
  HB_ROUTE_NONE,
  HB_ROUTE_TOPIC,        /* exact topic, entity-specific or bare */
  HB_ROUTE_DOMAIN,       /* entity glob whose domain part is literal ("light.*") */
  HB_ROUTE_STATE_GLOB,   /* any other entity glob */
  HB_ROUTE_TOPIC_GLOB,   /* a topic glob */
} HbRouteKind;

typedef enum {
  HB_LISTENER_PASS,
  HB_LISTENER_FILTERED,
  HB_LISTENER_ERROR,
} HbListenerVerdict;

/* An event-data member test implied by the constructor (domain, service, status, ...). */
typedef struct {
  char        *key;
  char        *pattern;
  HbCondition *condition;   /* made when the listener is added */
} HbDataFilter;

/*
 * The instance struct is shared with HbBus, which keeps the dispatch state of the
 * listeners it owns here (in-flight runs, timers, index position) so that dispatch needs
 * no per-event lookups. Only hb-listener.c and hb-bus.c may touch it.
 */
/* A timer that holds an event until a due time on the clock, then fires the listener
 * with it: a task sleeping on the clock, the event, and when. */
typedef struct
{
  HbTask  *task;
  HbEvent *event;
  gint64   due;
} HbListenerHold;

struct _HbListener
{
  GObject          parent_instance;

  /* configuration, frozen once added */
  char            *name;
  HbListenerKind   kind;
  char            *topic;
  char            *entity_id;
  char            *attribute;
  GPtrArray       *data_filters;     /* HbDataFilter */
  HbHandlerFunc    handler;
  gpointer         handler_data;
  GDestroyNotify   handler_destroy;
  gboolean         changed;
  HbCondition     *changed_comparison;
  HbCondition     *changed_from;
  HbCondition     *changed_to;
  GPtrArray       *where;            /* HbPredicate */
  gboolean         once;
  double           debounce;
  double           throttle;
  double           duration;
  HbMode           mode;
  int              priority;
  gboolean         immediate;

  /* set when added */
  gboolean         added;
  gboolean         active;
  char            *owner;
  char            *task_name;        /* "handler:<name>" */
  gboolean         entity_is_glob;
  gboolean         topic_is_glob;
  gsize            glob_prefix_len;  /* literal bytes before the first glob character */
  char            *domain;           /* literal domain part for HB_ROUTE_DOMAIN */
  guint64          order;

  /* dispatch state, owned by the bus */
  HbBus           *bus;              /* not a reference; NULL once removed */
  HbRouteKind      route;
  GSequenceIter   *model_iter;
  guint64          stamp;            /* seq of the last event that reached it */
  GPtrArray       *runs;             /* live handler tasks, oldest first */
  GQueue           queued;           /* HbEvent, mode queued */
  HbListenerHold   debounce_hold;    /* the latest event, until quiet for `debounce` */
  HbListenerHold   duration_hold;    /* the event that started a hold, until `duration` */
  HbTask          *immediate_task;
  gboolean         throttle_armed;
  gint64           throttle_last;
  guint64          n_runs;
  guint64          n_filtered;
};

/* Validates the whole configuration and builds what dispatch needs; the bus marks the
 * listener added once it is routable. */
gboolean           _hb_listener_prepare      (HbListener  *self,
                                              const char  *owner,
                                              GError     **error);
/* Runs the filters in order. @reason (nullable) gets why it said no. */
HbListenerVerdict  _hb_listener_filter       (HbListener  *self,
                                              HbEvent     *event,
                                              char       **reason,
                                              GError     **error);
/* The duration hold: changed_to on the new value, then the where predicates that do
 * not read the old state, on @event (whose old state the caller has already stripped,
 * so custom predicates see the entity as it is). */
HbListenerVerdict  _hb_listener_hold         (HbListener  *self,
                                              HbEvent     *event,
                                              GError     **error);
/* (nullable): comma-separated names of the settings that differ, NULL when equal */
char              *_hb_listener_diff         (HbListener  *a,
                                              HbListener  *b);
void               _hb_listener_set_active   (HbListener  *self,
                                              gboolean     active);

G_END_DECLS
