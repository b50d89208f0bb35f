/* hb-window-actions.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <hassbench.h>

#include <glib/gi18n.h>

#include "hb-config-dialog.h"
#include "hb-file-dialogs.h"
#include "hb-json-item.h"
#include "hb-step-dialog.h"
#include "hb-window-private.h"

/*
 * Every behaviour of the window is a named action (win.*), so menus, buttons, keyboard
 * shortcuts and tests all trigger the same code.
 */

static const char *host_actions[] = {
  "win.freeze-time", "win.advance", "win.trigger", "win.step", "win.next-job",
  "win.drain", "win.change-state", "win.simulate", "win.save-scenario", "win.import-states",
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-example",
                                 !hb_session_get_busy (self->session));
  /* Job actions need a selected job. */
  {
    gboolean job = ready && self->job_selection != NULL &&
                   gtk_single_selection_get_selected_item (self->job_selection) != NULL;

    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run-job", job);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-job", job);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.configure",
                                 !hb_session_get_busy (self->session) &&
                                 hb_session_get_config_schema (self->session) != NULL);
  _hb_window_update_history_actions (self);
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

static void open_config_dialog (HbWindow   *self,
                                const char *error_message);

static void
show_load_error (HbWindow *self,
                 GError   *error)
{
  _hb_window_show_error (self, error->message);
  /* A config the app refuses: show the form with the verdict beside the field. */
  if (strstr (error->message, "validation error") != NULL &&
      hb_session_get_config_schema (self->session) != NULL)
    open_config_dialog (self, error->message);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hb_session_load_finish (HB_SESSION (object), result, &error))
    show_load_error (self, error);
}

/* Returns (transfer full): @house with every state changed at @now (nullable) unless the
 * module gave a time: the house has been like this since the session began, not since
 * 1970. */
static JsonObject *
example_house_at (JsonObject *house,
                  const char *now)
{
  JsonObject *stamped = json_object_new ();
  JsonObjectIter iter;
  const char *entity_id;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, house);
  while (json_object_iter_next_ordered (&iter, &entity_id, &value))
    {
      JsonArray *given = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;
      JsonArray *entry;

      if (now == NULL || (given != NULL && json_array_get_length (given) > 2))
        {
          json_object_set_member (stamped, entity_id, json_node_copy (value));
          continue;
        }

      entry = json_array_new ();
      if (given != NULL)
        {
          json_array_add_element (entry, json_node_copy (json_array_get_element (given, 0)));
          if (json_array_get_length (given) > 1)
            json_array_add_element (entry, json_node_copy (json_array_get_element (given, 1)));
          else
            json_array_add_object_element (entry, json_object_new ());
        }
      else
        {
          json_array_add_element (entry, json_node_copy (value));
          json_array_add_object_element (entry, json_object_new ());
        }
      json_array_add_string_element (entry, now);
      json_object_set_array_member (stamped, entity_id, entry);
    }
  return stamped;
}

/* A bundled app opened to explore starts in its module's example house, seeded as the
 * session's first step (so a saved scenario has it too). */
static void
load_app_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HbWindow) self = user_data;
  HbSession *session = HB_SESSION (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = NULL;

  if (!hb_session_load_finish (session, result, &error))
    {
      show_load_error (self, error);
      return;
    }
  if (hb_session_get_example_house (session) == NULL ||
      g_list_model_get_n_items (hb_session_get_steps (session)) > 0)
    return;

  step = json_object_new ();
  json_object_set_string_member (step, "kind", "set_states");
  json_object_set_object_member (step, "states",
                                 example_house_at (hb_session_get_example_house (session),
                                                   hb_session_get_clock_now (session)));
  _hb_window_apply_step (self, step);
}

void
_hb_window_load_app (HbWindow   *self,
                     const char *app_id,
                     gboolean    example_house)
{
  g_autoptr(JsonObject) app = json_object_new ();

  g_autoptr(JsonObject) harness = _hb_window_new_session_harness (self);

  json_object_set_string_member (app, "id", app_id);
  g_clear_object (&self->scenario_file);
  hb_session_load_async (self->session, app, NULL, harness, NULL, NULL,
                         example_house ? load_app_cb : load_cb, g_object_ref (self));
}

JsonObject *
_hb_window_new_session_harness (HbWindow *self)
{
  g_autofree char *zone = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  JsonObject *harness;

  if (self->settings == NULL)
    return NULL;

  zone = g_settings_get_string (self->settings, "default-time-zone");
  if (zone[0] == '\0')
    return NULL;
  tz = g_time_zone_new_identifier (zone);
  if (tz == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The default-time-zone setting “%s” is not a time zone this "
                           "machine knows; the session uses UTC. Set an IANA name such as "
                           "Europe/Berlin."), zone);
      _hb_window_show_error (self, message);
      return NULL;
    }

  harness = json_object_new ();
  json_object_set_string_member (harness, "time_zone", zone);
  return harness;
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  if (!g_file_query_exists (file, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("%s: the file is gone (moved or deleted since it was opened)"),
                         g_variant_get_string (parameter, NULL));
      _hb_window_show_error (self, message);
      return;
    }
  hb_window_open_file (self, file);
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
  _hb_window_load_app (HB_WINDOW (widget), g_variant_get_string (parameter, NULL),
                       g_str_equal (action_name, "win.load-example"));
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
  hb_recent_files_add (self->recent_scenarios, file);
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
  GListModel *steps = hb_session_get_steps (self->session);
  guint n = g_list_model_get_n_items (steps);
  guint cursor = hb_session_get_cursor (self->session);
  guint keep = 0;
  gint64 delta;

  if (now_text == NULL || !hb_session_get_loaded (self->session) ||
      hb_session_get_busy (self->session))
    return;

  now = g_date_time_new_from_iso8601 (now_text, NULL);
  if (now == NULL)
    return;
  delta = target_usec - hb_date_time_to_usec (now);

  /* The steps whose recorded clock is at or before the target, ahead ones included. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (steps, i);
      JsonObject *data = hb_json_item_get_data (item);
      JsonNode *node = json_object_get_member (data, "outcome");
      JsonObject *outcome = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                            ? json_node_get_object (node) : NULL;
      const char *clock = outcome
        ? json_object_get_string_member_with_default (outcome, "clock", NULL) : NULL;
      g_autoptr(GDateTime) at = clock ? g_date_time_new_from_iso8601 (clock, NULL) : NULL;

      if (!json_object_get_boolean_member_with_default (data, "enabled", TRUE))
        {
          keep = i + 1;
          continue;
        }
      if (at == NULL || hb_date_time_to_usec (at) > target_usec)
        break;
      keep = i + 1;
    }

  /* Back in time, or forward over steps already recorded: move the cursor (the later
   * steps stay, ahead). Past them, time itself moves: a new step. */
  if (delta < 0 || keep > cursor)
    _hb_window_seek_steps (self, keep);
  else if (delta > 0)
    {
      g_autoptr(JsonObject) step = step_new ("step");

      json_object_set_double_member (step, "by", (double) (delta / G_USEC_PER_SEC));
      _hb_window_apply_step (self, step);
    }
}

static void
step_ready_cb (HbStepDialog *dialog,
               JsonObject   *step,
               HbWindow     *self)
{
  _hb_window_apply_step (self, step);
}

/* (transfer none) (nullable): the entity row selected in the Entities pane */
static HbJsonItem *
selected_entity (HbWindow *self)
{
  return gtk_single_selection_get_selected_item (self->entity_selection);
}

/* The other state of a two-state entity (Home Assistant's usual pairs), else @state. */
static const char *
suggest_new_state (const char *state)
{
  static const char * const pairs[][2] = {
    { "on", "off" }, { "open", "closed" }, { "home", "not_home" },
    { "locked", "unlocked" }, { "playing", "paused" }, { "armed_away", "disarmed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      if (g_str_equal (state, pairs[i][0]))
        return pairs[i][1];
      if (g_str_equal (state, pairs[i][1]))
        return pairs[i][0];
    }
  return state;
}

static void
open_step_dialog (HbWindow   *self,
                  const char *kind,
                  const char *title)
{
  g_autoptr(JsonObject) step = hb_step_dialog_template (kind);
  HbJsonItem *entity = selected_entity (self);
  HbStepDialog *dialog;

  if (step == NULL)
    return;

  /* Prefill from the selected entity: its id, and its state as the old value. */
  if (entity != NULL && json_object_has_member (step, "entity_id"))
    {
      g_autofree char *id = hb_json_item_dup_text (entity, "entity_id");
      g_autofree char *state = hb_json_item_dup_text (entity, "state");

      json_object_set_string_member (step, "entity_id", id);
      if (g_str_equal (kind, "simulate_state_change"))
        {
          json_object_set_string_member (step, "old_value", state);
          /* The likely change, so Enter fires it; an empty new value would remove the
           * entity, which is never what a quick Change State means. */
          json_object_set_string_member (step, "new_value", suggest_new_state (state));
        }
      else if (g_str_equal (kind, "set_state"))
        json_object_set_string_member (step, "state", state);
    }

  dialog = hb_step_dialog_new (GTK_WINDOW (self), title, NULL, step);
  g_signal_connect_object (dialog, "step-ready", G_CALLBACK (step_ready_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
change_state_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_step_dialog (HB_WINDOW (widget), "simulate_state_change", _("Change State"));
}

static void
simulate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  const char *kind = g_variant_get_string (parameter, NULL);
  g_autofree char *title = g_strdup_printf (_("Simulate: %s"), kind);

  open_step_dialog (HB_WINDOW (widget), kind, title);
}

typedef struct
{
  HbWindow       *self;
  HbConfigDialog *dialog;
} ConfigLoad;

static void
config_load_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ConfigLoad *load = user_data;
  g_autoptr(GError) error = NULL;

  if (hb_session_load_finish (HB_SESSION (object), result, &error))
    {
      _hb_window_show_error (load->self, NULL);
      gtk_window_destroy (GTK_WINDOW (load->dialog));
    }
  else
    hb_config_dialog_show_error (load->dialog, error->message);

  g_object_unref (load->dialog);
  g_object_unref (load->self);
  g_free (load);
}

static void
config_ready_cb (HbConfigDialog *dialog,
                 JsonObject     *config,
                 HbWindow       *self)
{
  ConfigLoad *load = g_new0 (ConfigLoad, 1);
  JsonObject *app = hb_session_get_app (self->session);
  g_autoptr(JsonObject) app_copy = app != NULL ? hb_json_object_copy (app) : NULL;

  if (app_copy == NULL)
    return;

  load->self = g_object_ref (self);
  load->dialog = g_object_ref (dialog);
  hb_session_load_async (self->session, app_copy, config, NULL, NULL, NULL, config_load_cb, load);
}

static void
open_config_dialog (HbWindow   *self,
                    const char *error_message)
{
  HbConfigDialog *dialog;

  dialog = hb_config_dialog_new (GTK_WINDOW (self), hb_session_get_config_schema (self->session),
                                 hb_session_get_config (self->session));
  g_signal_connect_object (dialog, "config-ready", G_CALLBACK (config_ready_cb), self, 0);
  if (error_message != NULL)
    hb_config_dialog_show_error (dialog, error_message);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
configure_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_config_dialog (HB_WINDOW (widget), NULL);
}

static void
load_scenario (HbWindow   *self,
               GFile      *file,
               HbScenario *scenario,
               gboolean    step_through)
{
  g_autoptr(JsonObject) app = json_object_new ();
  g_autoptr(JsonObject) harness = json_object_new ();
  g_autoptr(JsonArray) steps = json_array_new ();
  guint64 seed;

  if (hb_scenario_get_app_module (scenario) != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (g_file_peek_path (file));
      g_autofree char *path = g_path_is_absolute (hb_scenario_get_app_module (scenario))
        ? g_strdup (hb_scenario_get_app_module (scenario))
        : g_build_filename (dir, hb_scenario_get_app_module (scenario), NULL);

      json_object_set_string_member (app, "module", path);
      if (hb_scenario_get_app_type (scenario) != NULL)
        json_object_set_string_member (app, "type", hb_scenario_get_app_type (scenario));
    }
  if (hb_scenario_get_app_id (scenario) != NULL)
    json_object_set_string_member (app, "id", hb_scenario_get_app_id (scenario));

  if (hb_scenario_get_start_time (scenario) != NULL)
    json_object_set_string_member (harness, "start_time", hb_scenario_get_start_time (scenario));
  if (hb_scenario_get_time_zone (scenario) != NULL)
    json_object_set_string_member (harness, "time_zone", hb_scenario_get_time_zone (scenario));
  if (hb_scenario_get_seed (scenario, &seed))
    json_object_set_int_member (harness, "seed", seed);

  for (guint i = 0; i < hb_scenario_get_n_steps (scenario); i++)
    json_array_add_object_element (steps, hb_step_to_json (hb_scenario_get_step (scenario, i)));

  {
    g_autoptr(GFile) journals = hb_session_journal_get_dir ();

    /* A restored journal is not where the user saves: Save asks for a place. It comes
     * back exactly, with the workbench state kept beside it. */
    if (g_file_has_parent (file, journals))
      {
        g_clear_object (&self->scenario_file);
        _hb_window_restore_journal (self, file, app, hb_scenario_get_config (scenario),
                                    harness, steps);
        return;
      }
    else
      {
        g_set_object (&self->scenario_file, file);
        hb_recent_files_add (self->recent_scenarios, file);
      }
  }
  /* Step-through loads the steps all ahead of the cursor: Replay Next Step applies them. */
  if (step_through)
    hb_session_load_step_through_async (self->session, app, hb_scenario_get_config (scenario),
                                        harness, steps, NULL, load_cb, g_object_ref (self));
  else
    hb_session_load_async (self->session, app, hb_scenario_get_config (scenario), harness, steps,
                           NULL, load_cb, g_object_ref (self));
}

#define RESPONSE_STEP_THROUGH 1

typedef struct
{
  HbWindow   *self;
  GFile      *file;
  HbScenario *scenario;
} Consent;

static void
consent_response_cb (GtkDialog *dialog,
                     int        response,
                     Consent   *consent)
{
  if (response == GTK_RESPONSE_ACCEPT || response == RESPONSE_STEP_THROUGH)
    load_scenario (consent->self, consent->file, consent->scenario,
                   response == RESPONSE_STEP_THROUGH);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (consent->self);
  g_object_unref (consent->file);
  g_object_unref (consent->scenario);
  g_free (consent);
}

/* Opening a scenario never loads a module (code) without the user's consent. */
static void
open_scenario_file (HbWindow *self,
                    GFile    *file,
                    gboolean  step_through)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbScenario) scenario = hb_scenario_new_from_file (g_file_peek_path (file), &error);
  GtkWidget *dialog;
  Consent *consent;

  if (scenario == NULL)
    {
      _hb_window_show_error (self, error->message);
      return;
    }

  if (hb_scenario_get_app_module (scenario) == NULL)
    {
      load_scenario (self, file, scenario, step_through);
      return;
    }

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                   _("Load the app module of this scenario?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("The scenario runs the app module %s. A module is "
                                              "code: load it only if you trust it."),
                                            hb_scenario_get_app_module (scenario));
  /* Loading the module is the question; how to replay the steps comes with the answer. */
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Step Through"), RESPONSE_STEP_THROUGH,
                          _("_Replay All"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog),
                                   step_through ? RESPONSE_STEP_THROUGH : GTK_RESPONSE_ACCEPT);
  consent = g_new0 (Consent, 1);
  consent->self = g_object_ref (self);
  consent->file = g_object_ref (file);
  consent->scenario = g_steal_pointer (&scenario);
  g_signal_connect (dialog, "response", G_CALLBACK (consent_response_cb), consent);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
scenario_chosen_cb (GFile    *file,
                    gpointer  user_data)
{
  g_autoptr(HbWindow) self = user_data;

  if (file != NULL)
    open_scenario_file (self, file, FALSE);
}

static void
scenario_step_through_chosen_cb (GFile    *file,
                                 gpointer  user_data)
{
  g_autoptr(HbWindow) self = user_data;

  if (file != NULL)
    open_scenario_file (self, file, TRUE);
}

static void
open_scenario_step_through_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  static const char *patterns[] = { "*.hbscenario.json", "*.json", NULL };

  hb_file_dialogs_open (GTK_WINDOW (widget), _("Open Scenario to Step Through"), _("Scenarios"),
                        patterns, scenario_step_through_chosen_cb, g_object_ref (widget));
}

static void
open_scenario_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  static const char *patterns[] = { "*.hbscenario.json", "*.json", NULL };

  hb_file_dialogs_open (GTK_WINDOW (widget), _("Open Scenario"), _("Scenarios"), patterns,
                        scenario_chosen_cb, g_object_ref (widget));
}

/*
 * Importing Home Assistant's /api/states (a JSON array of state objects) seeds the house
 * with one set_states step.
 */
static JsonObject *
states_snapshot_to_step (const char  *path,
                         JsonNode    *root,
                         GError     **error)
{
  g_autoptr(JsonObject) states = json_object_new ();
  JsonObject *step;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON,
                   _("%s: expected a JSON array of states (Home Assistant's /api/states)"), path);
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *entity_id =
        object ? json_object_get_string_member_with_default (object, "entity_id", NULL) : NULL;
      const char *state =
        object ? json_object_get_string_member_with_default (object, "state", NULL) : NULL;
      JsonArray *value;

      if (entity_id == NULL || state == NULL)
        {
          g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON,
                       _("%s: [%u]: expected an object with string members entity_id and state"),
                       path, i);
          return NULL;
        }
      if (!hb_entity_id_validate (entity_id, error))
        {
          g_prefix_error (error, "%s: [%u].entity_id: ", path, i);
          return NULL;
        }

      value = json_array_new ();
      json_array_add_string_element (value, state);
      if (json_object_has_member (object, "attributes") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "attributes")))
        json_array_add_object_element (
          value, json_object_ref (json_object_get_object_member (object, "attributes")));
      else
        json_array_add_object_element (value, json_object_new ());
      /* The timestamps keep how long each entity has been in its state, which "for 5
       * minutes" conditions depend on. The step's check names a bad one. */
      if (json_object_has_member (object, "last_changed"))
        {
          json_array_add_element (value,
                                  json_node_copy (json_object_get_member (object, "last_changed")));
          if (json_object_has_member (object, "last_updated"))
            json_array_add_element (value,
                                    json_node_copy (json_object_get_member (object,
                                                                            "last_updated")));
        }
      json_object_set_array_member (states, entity_id, value);
    }

  step = json_object_new ();
  json_object_set_string_member (step, "kind", "set_states");
  json_object_set_object_member (step, "states", g_steal_pointer (&states));
  return step;
}

static void
import_chosen_cb (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(HbWindow) self = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) step = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (file == NULL)
    return;

  /* The library's strict reader, not json-glib directly: it names the line and column
   * of a mistake, and json-glib 1.6 leaks on some malformed input. */
  path = g_file_get_parse_name (file);
  root = hb_json_from_file (file, &error);
  if (root == NULL)
    {
      _hb_window_show_error (self, error->message);
      return;
    }

  step = states_snapshot_to_step (path, root, &error);
  if (step == NULL)
    {
      _hb_window_show_error (self, error->message);
      return;
    }

  _hb_window_apply_step (self, step);
}

static void
import_states_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  static const char *patterns[] = { "*.json", NULL };

  hb_file_dialogs_open (GTK_WINDOW (widget), _("Import Home Assistant States"),
                        _("JSON files"), patterns, import_chosen_cb, g_object_ref (widget));
}

void
_hb_window_import_states_file (HbWindow *self,
                               GFile    *file)
{
  import_chosen_cb (file, g_object_ref (self));
}

void
_hb_window_open_scenario_file (HbWindow *self,
                               GFile    *file)
{
  open_scenario_file (self, file, FALSE);
}

void
_hb_window_open_scenario_file_step_through (HbWindow *self,
                                            GFile    *file)
{
  open_scenario_file (self, file, TRUE);
}

/* "run_job" or "remove_job" on the job selected in the Jobs pane. */
static void
job_step_action (HbWindow   *self,
                 const char *kind)
{
  HbJsonItem *job = gtk_single_selection_get_selected_item (self->job_selection);
  g_autoptr(JsonObject) step = NULL;
  g_autofree char *name = NULL;

  if (job == NULL)
    return;

  name = hb_json_item_dup_text (job, "name");
  step = step_new (kind);
  json_object_set_string_member (step, "name", name);
  _hb_window_apply_step (self, step);
}

static void
run_job_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  job_step_action (HB_WINDOW (widget), "run_job");
}

static void
cancel_job_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  job_step_action (HB_WINDOW (widget), "remove_job");
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
  gtk_widget_class_install_action (widget_class, "win.load-example", "s", load_app_action);
  gtk_widget_class_install_action (widget_class, "win.open-module", NULL, open_module_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
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
  gtk_widget_class_install_action (widget_class, "win.change-state", NULL, change_state_action);
  gtk_widget_class_install_action (widget_class, "win.simulate", "s", simulate_action);
  gtk_widget_class_install_action (widget_class, "win.configure", NULL, configure_action);
  gtk_widget_class_install_action (widget_class, "win.open-scenario", NULL, open_scenario_action);
  gtk_widget_class_install_action (widget_class, "win.open-scenario-step-through", NULL,
                                   open_scenario_step_through_action);
  gtk_widget_class_install_action (widget_class, "win.import-states", NULL, import_states_action);
  gtk_widget_class_install_action (widget_class, "win.run-job", NULL, run_job_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-job", NULL, cancel_job_action);
}
