/* hb-session-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hb-event-log.h"
#include "hb-host-client.h"
#include "hb-json-item.h"
#include "hb-session.h"

G_BEGIN_DECLS

/*
 * HbSession's implementation is split by concern, all on the one instance struct below:
 *   hb-session.c        the type, its properties and their setters, dispose, the module
 *                       watch, saving;
 *   hb-session-panes.c  the observation panes (keyed and append-only) and snapshots;
 *   hb-session-run.c    the host's start chain, runs (load, seek, replay, rerun, reload,
 *                       restore) and the outcomes a run records;
 *   hb-session-steps.c  the steps model's rows and the edits to it (insert, enable, move,
 *                       the alternative branch, a new step applied at the end).
 */

#define CALL_DEADLINE  30.0  /* seconds of real time a host request may take */

/* A pane whose rows are keyed (entities, tasks, jobs, listeners): updated in place. */
typedef struct
{
  GListStore *store;
  GHashTable *index;   /* key (the row's own) -> HbJsonItem, owned by the store */
} KeyedPane;

struct _HbSession
{
  GObject       parent_instance;

  GStrv         host_argv;
  HbHostClient *host;

  GListStore   *steps;
  KeyedPane     entities;
  KeyedPane     tasks;
  KeyedPane     jobs;
  KeyedPane     listeners;
  GListStore   *calls;
  HbEventLog   *events;
  GListStore   *errors;
  GListStore   *log;

  JsonObject   *app;
  JsonObject   *config;
  JsonObject   *harness;
  JsonArray    *config_schema;
  JsonObject   *example_house;  /* nullable: the module's states for exploring the app */

  char         *app_title;
  char         *clock_now;
  char         *time_zone;
  char         *last_error;
  gboolean      clock_frozen;
  gboolean      busy;
  gboolean      loaded;
  gint64        current_step;  /* index of the step being applied, -1 when none */

  /* Time travel: the cursor, edits, the alternative branch (see hb-session.h). */
  guint         cursor;          /* rows before it are applied (or disabled and skipped) */
  guint         stale_from;      /* first row whose outcome predates an edit; G_MAXUINT: none */
  GPtrArray    *alternative;     /* JsonObject rows a fork set aside, or NULL */
  guint         alternative_at;  /* where they were */
  double        progress;
  gboolean      replaying;
  gboolean      host_exited;
  char         *nondeterminism;
  gboolean      module_changed;
  GFileMonitor *module_monitor;
  guint         module_debounce_id;
};

enum {
  PROP_0,
  PROP_BUSY,
  PROP_LOADED,
  PROP_APP_TITLE,
  PROP_CLOCK_NOW,
  PROP_CLOCK_FROZEN,
  PROP_TIME_ZONE,
  PROP_LAST_ERROR,
  PROP_CURSOR,
  PROP_PROGRESS,
  PROP_REPLAYING,
  PROP_N_ALTERNATIVE,
  PROP_NONDETERMINISM,
  PROP_MODULE_CHANGED,
  N_PROPS
};

/* Feeds one batch of host observations (JsonObject) into the session's models, as the
 * host client does. For tests and benchmarks that have no host. */
void _hb_session_apply_observations (HbSession *self,
                                     GPtrArray *batch);

/* hb-session.c: property setters, each notifying only on change */
void        _hb_session_set_string       (HbSession   *self,
                                          char       **field,
                                          const char  *value,
                                          guint        prop);
void        _hb_session_set_boolean      (HbSession   *self,
                                          gboolean    *field,
                                          gboolean     value,
                                          guint        prop);
void        _hb_session_set_last_error   (HbSession   *self,
                                          const char  *message);
void        _hb_session_set_busy         (HbSession   *self,
                                          gboolean     busy);
void        _hb_session_set_cursor       (HbSession   *self,
                                          guint        cursor);
void        _hb_session_set_progress     (HbSession   *self,
                                          double       progress);
void        _hb_session_set_alternative  (HbSession   *self,
                                          GPtrArray   *rows,
                                          guint        at);
void        _hb_session_watch_module     (HbSession   *self);

/* hb-session-panes.c */
void        _hb_session_keyed_pane_init    (KeyedPane    *pane);
void        _hb_session_keyed_pane_destroy (KeyedPane    *pane);
void        _hb_session_observations_cb    (HbHostClient *host,
                                            GPtrArray    *batch,
                                            HbSession    *self);
void        _hb_session_clear_models       (HbSession    *self);
void        _hb_session_apply_snapshot     (HbSession    *self,
                                            JsonObject   *snapshot);

/* hb-session-run.c */
void        _hb_session_drop_host        (HbSession   *self);
void        _hb_session_record_outcome   (HbSession   *self,
                                          guint        i,
                                          JsonObject  *outcome,
                                          const char  *status,
                                          const char  *summary);
void        _hb_session_begin_run        (HbSession   *self,
                                          GTask       *task,
                                          guint        target,
                                          gboolean     fresh);
gboolean    _hb_session_check_not_busy   (HbSession   *self,
                                          GTask       *task);
gboolean    _hb_session_check_can_run    (HbSession   *self,
                                          GTask       *task);
gboolean    _hb_session_host_is_current  (HbSession   *self);

/* hb-session-steps.c: the rows of the steps model */
guint       _hb_session_n_rows           (HbSession   *self);
HbJsonItem *_hb_session_row_item         (HbSession   *self,
                                          guint        i);
JsonObject *_hb_session_row_copy         (JsonObject  *row);
gboolean    _hb_session_row_enabled      (JsonObject  *row);
JsonObject *_hb_session_row_outcome      (JsonObject  *row);
JsonObject *_hb_session_row_step         (JsonObject  *row);
JsonObject *_hb_session_step_row         (guint        index,
                                          JsonObject  *step,
                                          JsonObject  *outcome,
                                          const char  *status,
                                          const char  *summary);
const char *_hb_session_outcome_status   (JsonObject  *outcome);
const char *_hb_session_outcome_summary  (JsonObject  *outcome);
void        _hb_session_mark_row         (HbSession   *self,
                                          guint        i,
                                          gboolean     applied,
                                          const char  *status);
void        _hb_session_mark_stale       (HbSession   *self,
                                          guint        from);
GPtrArray  *_hb_session_take_rows        (HbSession   *self,
                                          guint        from);

G_END_DECLS
