"""The runs panel: every run of the project with its settings and final numbers; tick runs to
overlay their curves, restore one's network and settings, or export its trained model.

The table is rebuilt from disk (run.json files are small) on ``refresh``: after a run ends,
from the Refresh button, or when a QFileSystemWatcher sees the runs folder change (debounced,
since a training run rewrites its run.json every epoch). Ticks and the selected run survive a
refresh. A damaged run folder is listed as 'unreadable' with the reason; it never stops the
others from showing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.gui.run_curves import RunCurvesView
from playground.gui.run_summary import (
    CURVES,
    RunEntry,
    curve,
    differing,
    final_value,
    format_metric,
    legend_label,
    scan_runs,
    settings_of,
    started,
    started_long,
)

COLUMNS = ("Run", "Started", "Status", "Epochs", "Optimizer", "LR", "Batch", "Activation",
           "Val acc", "Val loss", "Test acc", "Test loss")
_METRIC_COLUMNS = {"Val acc": ("val", "accuracy"), "Val loss": ("val", "loss"),
                   "Test acc": ("test", "accuracy"), "Test loss": ("test", "loss")}
_SETTING_COLUMNS = {"Optimizer": "optimizer", "LR": "learning_rate", "Batch": "batch_size",
                    "Activation": "activation"}
STATUS_COLORS = {"completed": "#2e7d32", "early_stopped": "#2e7d32", "stopped": "#8d6e00", "running": "#1565c0",
                 "diverged": "#c62828", "failed": "#c62828", "out_of_memory": "#c62828",
                 "interrupted": "#8d6e00", "unreadable": "#c62828"}
DEBOUNCE_MS = 400
ID_ROLE = Qt.ItemDataRole.UserRole


class RunsPanel(QWidget):
    """``set_root(path)`` then ``refresh()``; emits ``restoreRequested(project dict)``."""

    restoreRequested = Signal(object)
    runsChanged = Signal()  # the table was rebuilt

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runsPanel")
        self.root: Path | None = None
        self.entries: list[RunEntry] = []
        self._ticked: set[str] = set()
        self._filling = False
        self.export_dialog = None

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(self._double_clicked)

        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the runs folder again")
        self.restore_button = QPushButton("Restore")
        self.restore_button.setToolTip("Put the selected run's network and settings back on the canvas (undoable)")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Write the selected run's trained model to a file format")
        self.refresh_button.clicked.connect(self.refresh)
        self.restore_button.clicked.connect(self.restore_selected)
        self.export_button.clicked.connect(self.export_selected)
        self.message = QLabel()
        self.message.setObjectName("runsMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.restore_button, self.export_button):
            buttons.addWidget(button)
        buttons.addWidget(self.message, 1)

        self.curves = RunCurvesView()
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table)
        splitter.addWidget(top)
        splitter.addWidget(self.curves)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._update_buttons()

    # -- public API ---------------------------------------------------------------------------

    def set_root(self, path: Path | str | None) -> None:
        """Show the runs stored in ``path`` (a NAME.runs folder); None shows none."""
        new = Path(path) if path is not None else None
        if new != self.root:
            self._ticked.clear()
        self.root = new
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Re-read the runs folder and rebuild the table, keeping ticks and the selection."""
        self._debounce.stop()
        selected = self.selected_entry()
        self.entries = scan_runs(self.root)
        ids = {e.id for e in self.entries}
        self._ticked &= ids
        self._fill(selected.id if selected is not None else None)
        self._watch()
        self._say_counts()
        self._draw_curves()
        self._update_buttons()
        self.runsChanged.emit()

    def ticked_ids(self) -> list[str]:
        return [e.id for e in self.entries if e.id in self._ticked]

    def set_ticked(self, ids) -> None:
        """Tick exactly these runs (unreadable ones cannot be ticked)."""
        wanted = set(ids)
        for row, entry in enumerate(self.entries):
            item = self.table.item(row, 0)
            if entry.readable and item is not None:
                item.setCheckState(Qt.CheckState.Checked if entry.id in wanted else Qt.CheckState.Unchecked)

    def entry(self, run_id: str) -> RunEntry | None:
        return next((e for e in self.entries if e.id == run_id), None)

    def select(self, run_id: str) -> None:
        for row, entry in enumerate(self.entries):
            if entry.id == run_id:
                self.table.selectRow(row)

    def selected_entry(self) -> RunEntry | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    @Slot()
    def restore_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.readable or not entry.record.config:
            return
        import copy

        self.restoreRequested.emit(copy.deepcopy(entry.record.config))
        self.message.setText(f"Restored the network and settings of run #{self._number(entry)}.")

    @Slot()
    def export_selected(self):
        """Open the export dialog for the selected run (not blocking); returns it."""
        entry = self.selected_entry()
        if entry is None or not entry.readable:
            return None
        from playground.gui.export_dialog import ExportRunDialog

        if self.export_dialog is not None:
            self.export_dialog.close()
        dialog = ExportRunDialog(entry.record, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._export_dialog_closed)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    # -- table --------------------------------------------------------------------------------

    def _number(self, entry: RunEntry) -> int:
        return self.entries.index(entry) + 1 if entry in self.entries else 0

    def _fill(self, selected_id: str | None) -> None:
        self._filling = True
        try:
            self.table.setRowCount(len(self.entries))
            for row, entry in enumerate(self.entries):
                for col, (text, tip) in enumerate(self._cells(row, entry)):
                    item = QTableWidgetItem(text)
                    item.setData(ID_ROLE, entry.id)
                    if tip:
                        item.setToolTip(tip)
                    if COLUMNS[col] == "Status":
                        item.setForeground(QColor(STATUS_COLORS.get(text, "#1e1e1e")))
                    if COLUMNS[col] in _METRIC_COLUMNS or COLUMNS[col] in ("Epochs", "LR", "Batch"):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if col == 0:
                        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                        if entry.readable:
                            flags |= Qt.ItemFlag.ItemIsUserCheckable
                            item.setCheckState(Qt.CheckState.Checked if entry.id in self._ticked
                                               else Qt.CheckState.Unchecked)
                        item.setFlags(flags)
                    self.table.setItem(row, col, item)
            self.table.clearSelection()
            if selected_id is not None:
                self.select(selected_id)
        finally:
            self._filling = False

    def _cells(self, row: int, entry: RunEntry) -> list[tuple[str, str]]:
        run = (f"#{row + 1}", f"Run {entry.id}\n{entry.path}")
        when = (started(entry.id), started_long(entry.id))
        if not entry.readable:
            return [run, when, ("unreadable", entry.error)] + [("", entry.error)] * (len(COLUMNS) - 3)
        record = entry.record
        settings = settings_of(record.config)
        cells = [run, when, (record.status, record.message or record.status)]
        planned = settings.get("epochs", "?")
        cells.append((f"{record.epochs_completed}/{planned}", "epochs completed / planned"))
        for name in COLUMNS[4:]:
            if name in _SETTING_COLUMNS:
                cells.append((settings[_SETTING_COLUMNS[name]], ""))
            else:
                split, metric = _METRIC_COLUMNS[name]
                value = final_value(record, split, metric)
                cells.append((format_metric(value, metric), f"{split} {metric} at the end of the run"))
        return cells

    @Slot(QTableWidgetItem)
    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        run_id = item.data(ID_ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            self._ticked.add(run_id)
        else:
            self._ticked.discard(run_id)
        self._draw_curves()

    @Slot()
    def _selection_changed(self) -> None:
        self._update_buttons()
        entry = self.selected_entry()
        if entry is not None and not entry.readable:
            self.message.setText(f"Run {entry.id} cannot be read: {entry.error}")

    @Slot(QTableWidgetItem)
    def _double_clicked(self, item: QTableWidgetItem) -> None:
        entry = self.entry(item.data(ID_ROLE))
        if entry is not None and entry.readable and item.column() != 0:
            self.set_ticked(set(self._ticked) ^ {entry.id})

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        usable = entry is not None and entry.readable
        self.restore_button.setEnabled(usable)
        self.export_button.setEnabled(usable)

    def _say_counts(self) -> None:
        if self.root is None:
            self.message.setText("Save or train the project to keep its runs.")
            return
        readable = sum(e.readable for e in self.entries)
        if not self.entries:
            self.message.setText("No runs yet: train the network and each run appears here.")
            return
        text = f"{readable} run{'s' if readable != 1 else ''}. Tick runs to compare their curves."
        broken = [e for e in self.entries if not e.readable]
        if broken:
            text += f" {len(broken)} folder{'s' if len(broken) != 1 else ''} could not be read ({broken[0].id})."
        self.message.setText(text)

    # -- curves -------------------------------------------------------------------------------

    def _draw_curves(self) -> None:
        chosen = [e for e in self.entries if e.id in self._ticked and e.readable]
        settings = [settings_of(e.record.config) for e in chosen]
        keys = differing(settings)
        runs = []
        for entry, s in zip(chosen, settings):
            label = legend_label(self._number(entry), entry, s, keys)
            runs.append((label, {key: curve(entry.record, key) for key, _ in CURVES}))
        self.curves.show_runs(runs)

    # -- watching the folder ------------------------------------------------------------------

    def _watch(self) -> None:
        wanted = set()
        if self.root is not None and self.root.is_dir():
            wanted.add(str(self.root))
            wanted.update(str(e.path) for e in self.entries if e.readable and e.record.status == "running")
        elif self.root is not None and self.root.parent.is_dir():
            wanted.add(str(self.root.parent))  # the first run creates the folder: notice it
        current = set(self.watcher.directories())
        if current - wanted:
            self.watcher.removePaths(sorted(current - wanted))
        if wanted - current:
            self.watcher.addPaths(sorted(wanted - current))

    @Slot(str)
    def _folder_changed(self, _path: str) -> None:
        self._debounce.start()

    @Slot(int)
    def _export_dialog_closed(self, _result: int) -> None:
        self.export_dialog = None
