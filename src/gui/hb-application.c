/* hb-application.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-application.h"
#include "hb-application-automation.h"
#include "hb-session-journal.h"
#include "hb-window.h"

struct _HbApplication
{
  GtkApplication parent_instance;

  char *startup_app;   /* --app ID */
};

G_DEFINE_FINAL_TYPE (HbApplication, hb_application, GTK_TYPE_APPLICATION)

/* The first launch opens the motion-lights house, so a new user sees it working. */
static gboolean
take_first_run (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, HB_APPLICATION_ID, TRUE);
  if (schema == NULL)
    return FALSE;

  settings = g_settings_new_full (schema, NULL, NULL);
  if (!g_settings_get_boolean (settings, "first-run"))
    return FALSE;
  g_settings_set_boolean (settings, "first-run", FALSE);
  return TRUE;
}

typedef struct
{
  HbWindow *window;
  GFile    *journal;
} Restore;

static void
restore_response_cb (GtkDialog *dialog,
                     int        response,
                     Restore   *restore)
{
  /* Restoring, the window removes the old journal once it has read it (a module's
   * consent may come first); discarding removes it and its workbench state now. */
  if (response == GTK_RESPONSE_ACCEPT)
    hb_window_open_file (restore->window, restore->journal);
  else if (response == GTK_RESPONSE_REJECT)
    hb_session_journal_delete (restore->journal);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (restore->window);
  g_object_unref (restore->journal);
  g_free (restore);
}

/* A session journal left behind means the workbench did not close cleanly: offer it. */
static gboolean
offer_restore (HbWindow *window)
{
  g_autoptr(GPtrArray) orphans = hb_session_journal_find_orphans ();
  g_autofree char *name = NULL;
  GtkWidget *dialog;
  Restore *restore;

  if (orphans->len == 0)
    return FALSE;

  name = g_file_get_basename (g_ptr_array_index (orphans, 0));
  dialog = gtk_message_dialog_new (GTK_WINDOW (window),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Restore the last session?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Hassbench did not close cleanly. The session "
                                              "(%s) can be restored exactly: its steps are "
                                              "replayed up to where it was, with the "
                                              "disabled steps, the steps ahead and the "
                                              "alternative steps it kept."), name);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Restore"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  restore = g_new0 (Restore, 1);
  restore->window = g_object_ref (window);
  restore->journal = g_object_ref (g_ptr_array_index (orphans, 0));
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response_cb), restore);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
hb_application_activate (GApplication *app)
{
  HbApplication *self = HB_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (hb_window_new (self));
      gtk_window_present (window);
      if (offer_restore (HB_WINDOW (window)))
        return;
      if (self->startup_app != NULL)
        hb_window_load_app (HB_WINDOW (window), self->startup_app);
      else if (take_first_run ())
        hb_window_load_app (HB_WINDOW (window), "motion-lights");
      return;
    }

  gtk_window_present (window);
}

static int
hb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  HbApplication *self = HB_APPLICATION (app);

  g_clear_pointer (&self->startup_app, g_free);
  g_variant_dict_lookup (options, "app", "s", &self->startup_app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("hassbench %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
hb_application_finalize (GObject *object)
{
  HbApplication *self = HB_APPLICATION (object);

  g_free (self->startup_app);

  G_OBJECT_CLASS (hb_application_parent_class)->finalize (object);
}

static void
hb_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      HbWindow *window = hb_window_new (HB_APPLICATION (app));

      hb_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
hb_application_startup (GApplication *app)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (hb_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, "/dev/hassbench/Hassbench/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
hb_application_class_init (HbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_application_finalize;
  app_class->handle_local_options = hb_application_handle_local_options;
  app_class->activate = hb_application_activate;
  app_class->open = hb_application_open;
  app_class->startup = hb_application_startup;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Destroying a window ends its host process; iterate over a copy of the list. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  HbWindow *window = hb_window_new (HB_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Hassbench developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_about_dialog (window,
                         "program-name", "Hassbench",
                         "logo-icon-name", HB_APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("A test workbench for Home Assistant automation apps"),
                         "authors", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Hassbench developers",
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "new-window", new_window_action },
  { "about", about_action },
};

static void
hb_application_init (HbApplication *self)
{
  static const GOptionEntry options[] = {
    { "app", 'a', 0, G_OPTION_ARG_STRING, NULL,
      N_("Load a bundled example app at start (motion-lights, sensor-threshold, light-group)"),
      N_("ID") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { NULL }
  };
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.new-window", { "<Control>n", NULL } },
    { "win.open-module", { "<Control><Shift>o", NULL } },
    { "win.open-scenario", { "<Control>o", NULL } },
    { "win.save-scenario", { "<Control>s", NULL } },
    { "win.trigger", { "<Control>t", NULL } },
    { "win.step", { "<Control>Right", NULL } },
    { "win.next-job", { "<Control>j", NULL } },
    /* Not Ctrl+Space: list rows take it to toggle their selection. */
    { "win.play", { "<Control>p", NULL } },
    { "win.drain", { "<Control>d", NULL } },
    { "win.change-state", { "<Control>e", NULL } },
    { "win.replay", { "<Control>r", NULL } },
    { "win.step-back", { "<Alt>Left", NULL } },
    { "win.step-forward", { "<Alt>Right", NULL } },
    { "win.replay-all", { "<Alt>End", NULL } },
    { "win.toggle-step", { "<Alt>Delete", NULL } },
    { "win.move-step-up", { "<Alt>Up", NULL } },
    { "win.move-step-down", { "<Alt>Down", NULL } },
    { "win.focus-search", { "<Control>f", NULL } },
    { "win.advance('1m')", { "<Control>plus", "<Control>equal", NULL } },
    { "win.add-assertion('current')", { "<Control><Shift>a", NULL } },
    { "win.record", { "<Control><Shift>r", NULL } },
    { "win.finish", { "<Control><Shift>f", NULL } },
    { "win.export-c", { "<Control><Shift>e", NULL } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  _hb_application_add_automation_actions (self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

HbApplication *
hb_application_new (void)
{
  return g_object_new (HB_TYPE_APPLICATION,
                       "application-id", HB_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/dev/hassbench/Hassbench",
                       NULL);
}
