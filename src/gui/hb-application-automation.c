/* hb-application-automation.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>

#include "hb-application-automation.h"
#include "hb-json-item.h"
#include "hb-slot-model.h"
#include "hb-window-private.h"

static HbWindow *
active_window (gpointer app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (!HB_IS_WINDOW (window))
    {
      g_warning ("No workbench window to act on");
      return NULL;
    }
  return HB_WINDOW (window);
}

static void
apply_step_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  HbWindow *window = active_window (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = NULL;

  if (window == NULL)
    return;

  step = hb_json_object_from_string (g_variant_get_string (parameter, NULL), &error);
  if (step == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("app.apply-step: %s"), error->message);

      _hb_window_show_error (window, message);
      return;
    }
  _hb_window_apply_step (window, step);
}

static void
save_scenario_as_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  HbWindow *window = active_window (user_data);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    return;

  file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));
  if (!hb_session_save (window->session, file, &error))
    _hb_window_show_error (window, error->message);
}

/* The rows a pane shows, in the pane's order (its sort and filter applied). */
static JsonArray *
pane_rows (GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  JsonArray *rows = json_array_new ();
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);

      json_array_add_object_element (rows, json_object_ref (hb_json_item_get_data (item)));
    }
  return rows;
}

/* TRUE while a pane's incremental filter or sort, or its slots' steps, have rows still to
 * place: its rows are not yet what the session holds. */
static gboolean
view_pending (GtkColumnView *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  while (model != NULL)
    {
      if (GTK_IS_FILTER_LIST_MODEL (model))
        {
          if (gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (model)) > 0)
            return TRUE;
          model = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (model));
        }
      else if (GTK_IS_SORT_LIST_MODEL (model))
        {
          if (gtk_sort_list_model_get_pending (GTK_SORT_LIST_MODEL (model)) > 0)
            return TRUE;
          model = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (model));
        }
      else if (HB_IS_SLOT_MODEL (model))
        {
          if (hb_slot_model_get_pending (HB_SLOT_MODEL (model)) > 0)
            return TRUE;
          model = hb_slot_model_get_model (HB_SLOT_MODEL (model));
        }
      else if (GTK_IS_SINGLE_SELECTION (model))
        model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
      else if (GTK_IS_NO_SELECTION (model))
        model = gtk_no_selection_get_model (GTK_NO_SELECTION (model));
      else if (GTK_IS_MULTI_SELECTION (model))
        model = gtk_multi_selection_get_model (GTK_MULTI_SELECTION (model));
      else
        break;
    }
  return FALSE;
}

static void
set_nullable_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
dump_panes_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  HbWindow *window = active_window (user_data);
  g_autoptr(JsonObject) dump = json_object_new ();
  JsonObject *panes = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *path = g_variant_get_string (parameter, NULL);
  HbSession *session;

  if (window == NULL)
    return;

  session = window->session;
  json_object_set_boolean_member (dump, "loaded", hb_session_get_loaded (session));
  /* Busy until the panes show what the session holds, so a reader never sees a pane half
   * filtered. */
  json_object_set_boolean_member (dump, "busy",
                                  hb_session_get_busy (session) ||
                                  view_pending (window->entities_view) ||
                                  view_pending (window->tasks_view) ||
                                  view_pending (window->jobs_view) ||
                                  view_pending (window->calls_view) ||
                                  view_pending (window->events_view) ||
                                  view_pending (window->listeners_view) ||
                                  view_pending (window->errors_view));
  set_nullable_string (dump, "clock", hb_session_get_clock_now (session));
  set_nullable_string (dump, "last_error", hb_session_get_last_error (session));
  json_object_set_int_member (dump, "steps",
                              g_list_model_get_n_items (hb_session_get_steps (session)));
  json_object_set_array_member (panes, "entities", pane_rows (window->entities_view));
  json_object_set_array_member (panes, "tasks", pane_rows (window->tasks_view));
  json_object_set_array_member (panes, "jobs", pane_rows (window->jobs_view));
  json_object_set_array_member (panes, "calls", pane_rows (window->calls_view));
  json_object_set_array_member (panes, "events", pane_rows (window->events_view));
  json_object_set_array_member (panes, "listeners", pane_rows (window->listeners_view));
  json_object_set_array_member (panes, "errors", pane_rows (window->errors_view));
  json_object_set_object_member (dump, "panes", panes);

  root = json_node_init_object (json_node_alloc (), dump);
  text = json_to_string (root, TRUE);
  if (!g_file_set_contents (path, text, -1, &error))
    _hb_window_show_error (window, error->message);
}

/* ("win.NAME", [parameter] or []): a window action, as a click or shortcut runs it. An
 * array, not a maybe: D-Bus has no maybe type. */
static void
window_action_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  HbWindow *window = active_window (user_data);
  const char *name;
  g_autoptr(GVariant) target = NULL;
  g_autoptr(GVariant) targets = NULL;

  if (window == NULL)
    return;

  g_variant_get (parameter, "(&s@av)", &name, &targets);
  if (g_variant_n_children (targets) > 0)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (targets, 0);

      target = g_variant_get_variant (boxed);
    }
  if (!gtk_widget_activate_action_variant (GTK_WIDGET (window), name, target))
    {
      g_autofree char *message = g_strdup_printf (_("app.window-action: there is no action "
                                                    "“%s”"), name);

      _hb_window_show_error (window, message);
    }
}

void
_hb_application_add_automation_actions (HbApplication *self)
{
  static const GActionEntry actions[] = {
    { "apply-step", apply_step_action, "s" },
    { "save-scenario-as", save_scenario_as_action, "s" },
    { "dump-panes", dump_panes_action, "s" },
    { "window-action", window_action_action, "(sav)" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
}
