/* hb-window-test-util.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <hassbench.h>

#include "hb-window-test-util.h"

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

void
hb_test_wait_until (HbWindow        *window,
                    HbTestCondition  condition,
                    gpointer         data,
                    const char      *what)
{
  guint guard = g_timeout_add_seconds (60, fail_timeout_cb, (gpointer) what);

  while (!condition (window, data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

gboolean
hb_test_is_mapped (HbWindow *window,
                   gpointer  data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window));
}

gboolean
hb_test_is_idle (HbWindow *window,
                 gpointer  data)
{
  return !hb_session_get_busy (hb_window_get_session (window));
}

gboolean
hb_test_is_idle_and_loaded (HbWindow *window,
                            gpointer  data)
{
  HbSession *session = hb_window_get_session (window);

  return hb_session_get_loaded (session) && !hb_session_get_busy (session);
}

HbWindow *
hb_test_open_window (HbApplication *app,
                     const char    *app_id)
{
  HbWindow *window = hb_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  hb_test_wait_until (window, hb_test_is_mapped, NULL, "the window to map");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  if (app_id != NULL)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-app", "s",
                                                 app_id));
      hb_test_wait_until (window, hb_test_is_idle_and_loaded, NULL, "the app to load");
    }
  return window;
}

void
hb_test_apply_json (HbWindow        *window,
                    const char      *json,
                    HbTestCondition  settled)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) step = hb_json_object_from_string (json, &error);

  g_assert_no_error (error);
  hb_session_apply_async (hb_window_get_session (window), step, NULL, NULL, NULL);
  hb_test_wait_until (window, settled != NULL ? settled : hb_test_is_idle, NULL,
                      "the step to apply");
}

HbJsonItem *
hb_test_find_row (GListModel *model,
                  const char *path,
                  const char *value)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);
      g_autofree char *text = hb_json_item_dup_text (item, path);

      if (g_strcmp0 (text, value) == 0)
        return g_steal_pointer (&item);
    }
  return NULL;
}

GtkWidget *
hb_test_template_child (HbWindow   *window,
                        const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), HB_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}
