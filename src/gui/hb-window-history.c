/* hb-window-history.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-window-private.h"

/*
 * Time travel in the steps pane: the session's cursor moves back and forth over its steps
 * (selecting a step shows the house as after it), steps are replayed one at a time or all,
 * disabled, enabled and reordered, and what a replay found (an alternative branch kept by
 * a fork, non-determinism, a module changed on disk) shows above the list.
 */

#define PROGRESS_DELAY_MS 200  /* a replay shorter than a blink shows no progress bar */

static guint
n_steps (HbWindow *self)
{
  return g_list_model_get_n_items (hb_session_get_steps (self->session));
}

/* The selected row's position, or G_MAXUINT. */
static guint
selected_position (HbWindow *self)
{
  if (self->step_selection == NULL ||
      gtk_single_selection_get_selected_item (self->step_selection) == NULL)
    return G_MAXUINT;
  return gtk_single_selection_get_selected (self->step_selection);
}

void
_hb_window_select_step_quietly (HbWindow *self,
                                guint     position)
{
  self->quiet_selection = TRUE;
  gtk_single_selection_set_selected (self->step_selection,
                                     position < n_steps (self) ? position
                                                               : GTK_INVALID_LIST_POSITION);
  g_set_object (&self->selected_step,
                gtk_single_selection_get_selected_item (self->step_selection));
  self->quiet_selection = FALSE;
}

void
_hb_window_update_history_actions (HbWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  HbSession *session = self->session;
  gboolean idle = !hb_session_get_busy (session);
  gboolean can_run = idle && hb_session_get_app (session) != NULL;
  guint cursor = hb_session_get_cursor (session);
  guint n = n_steps (self);
  guint selected = selected_position (self);

  gtk_widget_action_set_enabled (widget, "win.step-back", can_run && cursor > 0);
  gtk_widget_action_set_enabled (widget, "win.step-forward", can_run && cursor < n);
  gtk_widget_action_set_enabled (widget, "win.replay-all", can_run && cursor < n);
  gtk_widget_action_set_enabled (widget, "win.seek-to", can_run);
  gtk_widget_action_set_enabled (widget, "win.cancel-replay", hb_session_get_replaying (session));
  gtk_widget_action_set_enabled (widget, "win.toggle-step", can_run && selected < n);
  gtk_widget_action_set_enabled (widget, "win.move-step-up", can_run && selected < n &&
                                 selected > 0);
  gtk_widget_action_set_enabled (widget, "win.move-step-down", can_run && selected + 1 < n);
  gtk_widget_action_set_enabled (widget, "win.restore-alternative",
                                 can_run && hb_session_get_n_alternative (session) > 0);
  gtk_widget_action_set_enabled (widget, "win.discard-alternative",
                                 hb_session_get_n_alternative (session) > 0);
  gtk_widget_action_set_enabled (widget, "win.reload-module",
                                 can_run && hb_session_get_module_changed (session));
}

/* A new cancellable for the run about to start (transfer none). */
static GCancellable *
begin_cancellable (HbWindow *self)
{
  g_clear_object (&self->history_cancellable);
  self->history_cancellable = g_cancellable_new ();
  return self->history_cancellable;
}

/* Every run ends here: a cancel is the user's own doing, anything else is shown. After a
 * run the selection follows the cursor, so the list shows where the house is. */
static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  HbSession *session = HB_SESSION (object);
  guint cursor;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _hb_window_show_error (self, error->message);

  if (self->session == NULL)
    return;
  cursor = hb_session_get_cursor (session);
  _hb_window_select_step_quietly (self, cursor > 0 ? cursor - 1 : G_MAXUINT);
  _hb_window_update_history_actions (self);
}

void
_hb_window_seek_steps (HbWindow *self,
                       guint     n_applied)
{
  hb_session_seek_async (self->session, n_applied, begin_cancellable (self), run_done_cb,
                         g_object_ref (self));
}

static void
rerun (HbWindow *self)
{
  hb_session_rerun_async (self->session, begin_cancellable (self), run_done_cb,
                          g_object_ref (self));
}

static void
step_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);
  guint cursor = hb_session_get_cursor (self->session);

  if (cursor > 0)
    _hb_window_seek_steps (self, cursor - 1);
}

static void
step_forward_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);

  _hb_window_seek_steps (self, hb_session_get_cursor (self->session) + 1);
}

static void
replay_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);

  _hb_window_seek_steps (self, n_steps (self));
}

static void
seek_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _hb_window_seek_steps (HB_WINDOW (widget), g_variant_get_uint32 (parameter));
}

static void
cancel_replay_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);

  if (self->history_cancellable != NULL)
    g_cancellable_cancel (self->history_cancellable);
}

static void
toggle_step_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);
  guint position = selected_position (self);
  g_autoptr(GError) error = NULL;
  HbJsonItem *item;
  gboolean enabled;

  if (position >= n_steps (self))
    return;

  item = gtk_single_selection_get_selected_item (self->step_selection);
  enabled = json_object_get_boolean_member_with_default (hb_json_item_get_data (item), "enabled",
                                                         TRUE);
  if (!hb_session_set_step_enabled (self->session, position, !enabled, &error))
    {
      _hb_window_show_error (self, error->message);
      return;
    }
  rerun (self);
}

static void
move_step (HbWindow *self,
           int       delta)
{
  guint position = selected_position (self);
  guint n = n_steps (self);
  g_autoptr(GError) error = NULL;

  if (position >= n || (delta < 0 && position == 0) || (delta > 0 && position + 1 >= n))
    return;

  if (!hb_session_move_step (self->session, position, position + delta, &error))
    {
      _hb_window_show_error (self, error->message);
      return;
    }
  /* The moved step stays selected; the re-run then selects where the cursor is. */
  _hb_window_select_step_quietly (self, position + delta);
  rerun (self);
}

static void
move_step_up_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  move_step (HB_WINDOW (widget), -1);
}

static void
move_step_down_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  move_step (HB_WINDOW (widget), 1);
}

static void
restore_alternative_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);

  hb_session_restore_alternative_async (self->session, begin_cancellable (self), run_done_cb,
                                        g_object_ref (self));
}

static void
discard_alternative_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  hb_session_discard_alternative (HB_WINDOW (widget)->session);
}

static void
reload_module_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);

  hb_session_reload_module_async (self->session, begin_cancellable (self), run_done_cb,
                                  g_object_ref (self));
}

static void
dismiss_module_change_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  hb_session_dismiss_module_change (HB_WINDOW (widget)->session);
}

static void
dismiss_nondeterminism_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  hb_session_clear_nondeterminism (HB_WINDOW (widget)->session);
}

/* Selecting a step shows the house as after it: back by replaying from a fresh host,
 * forward by applying the steps in between. */
static void
step_selection_cb (GtkSingleSelection *selection,
                   GParamSpec         *pspec,
                   HbWindow           *self)
{
  HbJsonItem *item = gtk_single_selection_get_selected_item (selection);
  gboolean same = item == self->selected_step;

  g_set_object (&self->selected_step, item);
  _hb_window_update_history_actions (self);

  /* Rows moving around a selected row re-announce it; the window's own selections and a
   * selection made while a replay runs do not move the cursor. */
  if (same || item == NULL || self->quiet_selection || hb_session_get_busy (self->session) ||
      hb_session_get_app (self->session) == NULL)
    return;

  _hb_window_seek_steps (self, gtk_single_selection_get_selected (selection) + 1);
}

static gboolean
reveal_progress_cb (gpointer user_data)
{
  HbWindow *self = user_data;

  self->progress_reveal_id = 0;
  gtk_revealer_set_reveal_child (self->progress_revealer,
                                 hb_session_get_replaying (self->session));
  return G_SOURCE_REMOVE;
}

static void
update_banners (HbWindow *self)
{
  HbSession *session = self->session;
  guint n_alternative = hb_session_get_n_alternative (session);
  const char *nondeterminism = hb_session_get_nondeterminism (session);

  if (n_alternative > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alternative step kept",
                                      "%u alternative steps kept", n_alternative),
                         n_alternative);

      gtk_label_set_label (self->alternative_label, text);
    }
  gtk_revealer_set_reveal_child (self->alternative_revealer, n_alternative > 0);

  gtk_label_set_label (self->nondeterminism_label, nondeterminism ? nondeterminism : "");
  gtk_revealer_set_reveal_child (self->nondeterminism_revealer, nondeterminism != NULL);

  gtk_revealer_set_reveal_child (self->module_revealer, hb_session_get_module_changed (session));
}

static void
session_notify_cb (HbSession  *session,
                   GParamSpec *pspec,
                   HbWindow   *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "replaying"))
    {
      g_clear_handle_id (&self->progress_reveal_id, g_source_remove);
      if (hb_session_get_replaying (session))
        {
          gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
          self->progress_reveal_id = g_timeout_add (PROGRESS_DELAY_MS, reveal_progress_cb, self);
        }
      else
        gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
    }
  else if (g_str_equal (name, "progress"))
    gtk_progress_bar_set_fraction (self->progress_bar, hb_session_get_progress (session));
  else if (g_str_equal (name, "n-alternative") || g_str_equal (name, "nondeterminism") ||
           g_str_equal (name, "module-changed"))
    update_banners (self);

  _hb_window_update_history_actions (self);
}

static void
steps_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  HbWindow   *self)
{
  _hb_window_update_history_actions (self);
}

void
_hb_window_history_init (HbWindow *self)
{
  g_signal_connect (self->session, "notify", G_CALLBACK (session_notify_cb), self);
  g_signal_connect_object (hb_session_get_steps (self->session), "items-changed",
                           G_CALLBACK (steps_changed_cb), self, 0);
  g_signal_connect (self->step_selection, "notify::selected-item",
                    G_CALLBACK (step_selection_cb), self);
  update_banners (self);
  _hb_window_update_history_actions (self);
}

void
_hb_window_history_dispose (HbWindow *self)
{
  if (self->history_cancellable != NULL)
    g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  g_clear_object (&self->selected_step);
  g_clear_handle_id (&self->progress_reveal_id, g_source_remove);
  if (self->step_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->step_selection, self);
}

void
_hb_window_class_history_init (HbWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_child (widget_class, HbWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, HbWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HbWindow, alternative_revealer);
  gtk_widget_class_bind_template_child (widget_class, HbWindow, alternative_label);
  gtk_widget_class_bind_template_child (widget_class, HbWindow, nondeterminism_revealer);
  gtk_widget_class_bind_template_child (widget_class, HbWindow, nondeterminism_label);
  gtk_widget_class_bind_template_child (widget_class, HbWindow, module_revealer);

  gtk_widget_class_install_action (widget_class, "win.step-back", NULL, step_back_action);
  gtk_widget_class_install_action (widget_class, "win.step-forward", NULL, step_forward_action);
  gtk_widget_class_install_action (widget_class, "win.replay-all", NULL, replay_all_action);
  gtk_widget_class_install_action (widget_class, "win.seek-to", "u", seek_to_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-replay", NULL, cancel_replay_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-step", NULL, toggle_step_action);
  gtk_widget_class_install_action (widget_class, "win.move-step-up", NULL, move_step_up_action);
  gtk_widget_class_install_action (widget_class, "win.move-step-down", NULL,
                                   move_step_down_action);
  gtk_widget_class_install_action (widget_class, "win.restore-alternative", NULL,
                                   restore_alternative_action);
  gtk_widget_class_install_action (widget_class, "win.discard-alternative", NULL,
                                   discard_alternative_action);
  gtk_widget_class_install_action (widget_class, "win.reload-module", NULL,
                                   reload_module_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-module-change", NULL,
                                   dismiss_module_change_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-nondeterminism", NULL,
                                   dismiss_nondeterminism_action);

  /* Bubble phase: a focused entry or dialog gets Escape first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-replay", NULL);
}
