/* hb-window-actions.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <hassbench.h>

#include <glib/gi18n.h>

#include "hb-file-dialogs.h"
#include "hb-json-item.h"
#include "hb-window-private.h"

/*
 * Every behaviour of the window is a named action (win.*), so menus, buttons, keyboard
 * shortcuts and tests all trigger the same code.
 */

static const char *host_actions[] = {
  "win.freeze-time", "win.advance", "win.trigger", "win.step", "win.next-job",
  "win.drain", "win.change-state", "win.simulate", "win.save-scenario",
};

void
_hb_window_update_actions (HbWindow *self)
{
  gboolean ready = hb_session_get_loaded (self->session) && !hb_session_get_busy (self->session);

  for (guint i = 0; i < G_N_ELEMENTS (host_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), host_actions[i], ready);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.replay",
                                 !hb_session_get_busy (self->session) &&
                                 hb_session_get_app_title (self->session) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-app",
                                 !hb_session_get_busy (self->session));
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) outcome = hb_session_apply_finish (HB_SESSION (object), result, &error);

  /* Host deaths arrive through the session's last-error; show everything else here. */
  if (outcome == NULL && error != NULL)
    _hb_window_show_error (self, error->message);
  else if (outcome != NULL && !json_object_get_boolean_member_with_default (outcome, "ok", TRUE))
    {
      JsonObject *err = json_object_get_object_member (outcome, "error");

      _hb_window_show_error (self, err != NULL
                             ? json_object_get_string_member_with_default (err, "message", "")
                             : _("The step failed"));
    }
}

void
_hb_window_apply_step (HbWindow   *self,
                       JsonObject *step)
{
  hb_session_apply_async (self->session, step, NULL, apply_cb, g_object_ref (self));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hb_session_load_finish (HB_SESSION (object), result, &error))
    _hb_window_show_error (self, error->message);
}

void
_hb_window_load_app (HbWindow   *self,
                     const char *app_id)
{
  g_autoptr(JsonObject) app = json_object_new ();

  json_object_set_string_member (app, "id", app_id);
  g_clear_object (&self->scenario_file);
  hb_session_load_async (self->session, app, NULL, NULL, NULL, load_cb, g_object_ref (self));
}

static JsonObject *
step_new (const char *kind)
{
  JsonObject *step = json_object_new ();

  json_object_set_string_member (step, "kind", kind);
  return step;
}

static void
load_app_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _hb_window_load_app (HB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
module_chosen_cb (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(HbWindow) self = user_data;

  if (file != NULL)
    hb_window_open_file (self, file);
}

static void
open_module_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  static const char *patterns[] = { "*.so", NULL };

  hb_file_dialogs_open (GTK_WINDOW (widget), _("Open App Module"), _("App modules"), patterns,
                        module_chosen_cb, g_object_ref (widget));
}

static void
save_to (HbWindow *self,
         GFile    *file)
{
  g_autoptr(GError) error = NULL;

  if (!hb_session_save (self->session, file, &error))
    {
      _hb_window_show_error (self, error->message);
      return;
    }

  g_set_object (&self->scenario_file, file);
  gtk_label_set_label (self->subtitle_label, g_file_peek_path (file));
}

static void
save_chosen_cb (GFile    *file,
                gpointer  user_data)
{
  g_autoptr(HbWindow) self = user_data;

  if (file != NULL)
    save_to (self, file);
}

static void
save_scenario_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);

  if (self->scenario_file != NULL)
    save_to (self, self->scenario_file);
  else
    hb_file_dialogs_save (GTK_WINDOW (self), _("Save Scenario"), "session.hbscenario.json",
                          save_chosen_cb, g_object_ref (self));
}

static void
freeze_time_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(JsonObject) step = step_new ("freeze_time");

  _hb_window_apply_step (HB_WINDOW (widget), step);
}

static void
advance_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(JsonObject) step = step_new ("advance_time");

  json_object_set_string_member (step, "by", g_variant_get_string (parameter, NULL));
  _hb_window_apply_step (HB_WINDOW (widget), step);
}

static void
trigger_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(JsonObject) step = step_new ("trigger_due_jobs");

  _hb_window_apply_step (HB_WINDOW (widget), step);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);
  const char *by = gtk_editable_get_text (GTK_EDITABLE (self->duration_entry));
  g_autoptr(JsonObject) step = step_new ("step");

  /* The host validates the duration and names it in its error. */
  json_object_set_string_member (step, "by", by);
  _hb_window_apply_step (self, step);
}

static void
next_job_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(JsonObject) step = step_new ("next_job");

  _hb_window_apply_step (HB_WINDOW (widget), step);
}

static void
drain_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_autoptr(JsonObject) step = step_new ("drain");

  _hb_window_apply_step (HB_WINDOW (widget), step);
}

static void
replay_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hb_session_replay_finish (HB_SESSION (object), result, &error))
    _hb_window_show_error (self, error->message);
}

/* Replays the steps before the first one that did not complete (the crash). */
static void
replay_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);
  GListModel *steps = hb_session_get_steps (self->session);
  guint n = g_list_model_get_n_items (steps);
  guint keep = 0;

  for (; keep < n; keep++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (steps, keep);
      const char *status = json_object_get_string_member_with_default (hb_json_item_get_data (item),
                                                                       "status", "");

      if (g_str_equal (status, "error") || g_str_equal (status, "running"))
        break;
    }

  _hb_window_show_error (self, NULL);
  hb_session_replay_async (self->session, keep, NULL, replay_cb, g_object_ref (self));
}

void
_hb_window_seek (HbWindow *self,
                 gint64    target_usec)
{
  g_autoptr(GDateTime) now = NULL;
  const char *now_text = hb_session_get_clock_now (self->session);
  gint64 delta;

  if (now_text == NULL || !hb_session_get_loaded (self->session) ||
      hb_session_get_busy (self->session))
    return;

  now = g_date_time_new_from_iso8601 (now_text, NULL);
  if (now == NULL)
    return;
  delta = target_usec - hb_date_time_to_usec (now);

  if (delta > 0)
    {
      g_autoptr(JsonObject) step = step_new ("step");

      json_object_set_double_member (step, "by", (double) (delta / G_USEC_PER_SEC));
      _hb_window_apply_step (self, step);
    }
  else if (delta < 0)
    {
      /* Back in time: replay the steps whose clock was at or before the target. */
      GListModel *steps = hb_session_get_steps (self->session);
      guint n = g_list_model_get_n_items (steps);
      guint keep = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(HbJsonItem) item = g_list_model_get_item (steps, i);
          JsonObject *outcome = json_object_get_object_member (hb_json_item_get_data (item),
                                                               "outcome");
          const char *clock = outcome
            ? json_object_get_string_member_with_default (outcome, "clock", NULL) : NULL;
          g_autoptr(GDateTime) at = clock ? g_date_time_new_from_iso8601 (clock, NULL) : NULL;

          if (at == NULL || hb_date_time_to_usec (at) > target_usec)
            break;
          keep = i + 1;
        }

      hb_session_replay_async (self->session, keep, NULL, replay_cb, g_object_ref (self));
    }
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);

  hb_session_clear_last_error (self->session);
  _hb_window_show_error (self, NULL);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);

  gtk_notebook_set_current_page (self->notebook, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->entity_search));
}

void
_hb_window_class_actions_init (HbWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.load-app", "s", load_app_action);
  gtk_widget_class_install_action (widget_class, "win.open-module", NULL, open_module_action);
  gtk_widget_class_install_action (widget_class, "win.save-scenario", NULL, save_scenario_action);
  gtk_widget_class_install_action (widget_class, "win.freeze-time", NULL, freeze_time_action);
  gtk_widget_class_install_action (widget_class, "win.advance", "s", advance_action);
  gtk_widget_class_install_action (widget_class, "win.trigger", NULL, trigger_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.next-job", NULL, next_job_action);
  gtk_widget_class_install_action (widget_class, "win.drain", NULL, drain_action);
  gtk_widget_class_install_action (widget_class, "win.replay", NULL, replay_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
}
