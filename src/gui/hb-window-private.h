/* hb-window-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hb-json-item.h"
#include "hb-recent-files.h"
#include "hb-session.h"
#include "hb-session-journal.h"
#include "hb-step-detail.h"
#include "hb-timeline.h"
#include "hb-window.h"

G_BEGIN_DECLS

struct _HbWindow
{
  GtkApplicationWindow parent_instance;

  HbSession          *session;
  HbSessionJournal   *journal;
  GSettings          *settings;      /* NULL when the schema is not installed */
  HbRecentFiles      *recent_scenarios;
  HbRecentFiles      *recent_modules;
  GFile              *scenario_file; /* where Save writes, once chosen */
  GtkCustomFilter    *entity_filter;
  GtkSingleSelection *entity_selection;
  GtkSingleSelection *step_selection;
  GtkSingleSelection *error_selection;
  GtkSingleSelection *job_selection;
  HbTimeline         *timeline;

  /* Play ×N (hb-window-play.c) */
  gboolean            playing;
  guint               play_speed;
  guint               play_timeout_id;
  gint64              play_last_usec;    /* monotonic time of the last tick */
  gint64              play_pending_usec; /* real time not yet played */
  gboolean            play_manual;       /* tests: no timer, they call _hb_window_play_tick */

  /* Template children */
  GMenu          *app_menu;
  GtkHeaderBar   *header_bar;
  GtkMenuButton  *app_button;
  GtkMenuButton  *primary_menu_button;
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkSpinner     *busy_spinner;
  GtkRevealer    *error_revealer;
  GtkButton      *restart_button;
  GtkLabel       *error_label;
  GtkLabel       *clock_label;
  GtkLabel       *frozen_label;
  GtkEntry       *duration_entry;
  GtkListView    *steps_view;
  HbStepDetail   *step_detail;
  GtkMenuButton  *play_speed_button;
  GtkBox         *timeline_box;
  GtkNotebook    *notebook;
  GtkSearchEntry *entity_search;
  GtkColumnView  *entities_view;
  GtkColumnView  *tasks_view;
  GtkColumnView  *jobs_view;
  GtkColumnView  *calls_view;
  GtkColumnView  *events_view;
  GtkColumnView  *listeners_view;
  GtkColumnView  *errors_view;
  GtkColumnView  *log_view;
  GtkLabel       *entities_tab;
  GtkLabel       *tasks_tab;
  GtkLabel       *jobs_tab;
  GtkLabel       *calls_tab;
  GtkLabel       *events_tab;
  GtkLabel       *listeners_tab;
  GtkLabel       *errors_tab;
  GtkLabel       *log_tab;

  /* hb-window-history.c: time travel in the steps pane */
  GCancellable   *history_cancellable;  /* the run in progress, for Cancel */
  HbJsonItem     *selected_step;        /* the step row last selected, to seek on change */
  guint           progress_reveal_id;
  gboolean        quiet_selection;      /* selecting a row without seeking there */
  GtkRevealer    *progress_revealer;
  GtkProgressBar *progress_bar;
  GtkRevealer    *alternative_revealer;
  GtkLabel       *alternative_label;
  GtkRevealer    *nondeterminism_revealer;
  GtkLabel       *nondeterminism_label;
  GtkRevealer    *module_revealer;
};

/* hb-window-actions.c */
void  _hb_window_class_actions_init (HbWindowClass *klass);
void  _hb_window_update_actions     (HbWindow      *self);
/* Applies @step (transfer none) to the session; failures appear in the window. */
void  _hb_window_apply_step         (HbWindow      *self,
                                     JsonObject    *step);
/* Loads a bundled app by id with its default config; with @example_house, the session
 * starts by seeding the house its module offers (if any). */
void  _hb_window_load_app           (HbWindow      *self,
                                     const char    *app_id,
                                     gboolean       example_house);
/* Moves the clock to @target: forward by stepping, back by replaying. */
void  _hb_window_seek               (HbWindow      *self,
                                     gint64         target_usec);
/* Opens a scenario (asking before it loads a module) / imports an /api/states file. */
void  _hb_window_open_scenario_file (HbWindow      *self,
                                     GFile         *file);
void  _hb_window_import_states_file (HbWindow      *self,
                                     GFile         *file);
/* Opens a scenario with its steps all ahead, for replaying one at a time. */
void  _hb_window_open_scenario_file_step_through (HbWindow *self,
                                                  GFile    *file);
/* (transfer full) (nullable): harness options for a new session: the default time zone
 * setting. A zone this machine does not know is reported in the window, and UTC is used. */
JsonObject *_hb_window_new_session_harness (HbWindow *self);
/* Shows @message in the window's error banner (NULL hides it). */
void  _hb_window_show_error         (HbWindow      *self,
                                     const char    *message);

/* hb-window-journal.c: restores a journal left behind (the session file @journal, its
 * scenario read into @app, @config, @harness, @steps) exactly, with its sidecar; without
 * a usable one, the scenario's steps only, saying so in the window. */
void  _hb_window_restore_journal    (HbWindow      *self,
                                     GFile         *journal,
                                     JsonObject    *app,
                                     JsonObject    *config,
                                     JsonObject    *harness,
                                     JsonArray     *steps);

/* hb-window-assert.c: Add Assertion, recording mode, Finish, export as C */
void      _hb_window_class_assert_init (HbWindowClass *klass);
/* TRUE while steps queued by those actions are still to be applied. */
gboolean  _hb_window_assert_pending    (HbWindow      *self);
/* hb-window-history.c */
void  _hb_window_class_history_init   (HbWindowClass *klass);
void  _hb_window_history_init         (HbWindow      *self);
void  _hb_window_history_dispose      (HbWindow      *self);
void  _hb_window_update_history_actions (HbWindow    *self);
/* Shows the house as after the first @n_applied steps (a seek); failures in the window. */
void  _hb_window_seek_steps           (HbWindow      *self,
                                       guint          n_applied);
/* Selects the step row at @position (G_MAXUINT: none) without seeking there. */
void  _hb_window_select_step_quietly  (HbWindow      *self,
                                       guint          position);
/* hb-window-play.c */
void      _hb_window_class_play_init   (HbWindowClass *klass);
void      _hb_window_play_init         (HbWindow      *self);
void      _hb_window_play_dispose      (HbWindow      *self);
gboolean  _hb_window_play_get_property (HbWindow      *self,
                                        guint          prop_id,
                                        GValue        *value);
gboolean  _hb_window_play_set_property (HbWindow      *self,
                                        guint          prop_id,
                                        const GValue  *value);
/* One play tick as if @elapsed_usec of real time had passed (the timer calls it; tests
 * call it directly instead of waiting on the wall clock). */
void      _hb_window_play_tick         (HbWindow      *self,
                                        gint64         elapsed_usec);

G_END_DECLS
