/* hb-file-dialogs.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-file-dialogs.h"

typedef struct
{
  HbFileChosenFunc callback;
  gpointer         user_data;
} Chosen;

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             Chosen          *chosen)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  chosen->callback (file, chosen->user_data);
  g_free (chosen);
  /* The dialog was kept alive by the reference taken when it was shown. */
  g_object_unref (dialog);
}

static void
run (GtkFileChooserNative *native,
     HbFileChosenFunc      callback,
     gpointer              user_data)
{
  Chosen *chosen = g_new0 (Chosen, 1);

  chosen->callback = callback;
  chosen->user_data = user_data;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (response_cb), chosen);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
hb_file_dialogs_open (GtkWindow          *parent,
                      const char         *title,
                      const char         *filter_name,
                      const char * const *patterns,
                      HbFileChosenFunc    callback,
                      gpointer            user_data)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  if (patterns != NULL)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, filter_name);
      for (guint i = 0; patterns[i] != NULL; i++)
        gtk_file_filter_add_pattern (filter, patterns[i]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    }

  run (native, callback, user_data);
}

void
hb_file_dialogs_save (GtkWindow        *parent,
                      const char       *title,
                      const char       *suggested_name,
                      HbFileChosenFunc  callback,
                      gpointer          user_data)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);

  run (native, callback, user_data);
}
