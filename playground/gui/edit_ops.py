"""The editing verbs behind the window's actions (add, append, connect, delete, copy, paste,
arrange): each checks what the user asked for and pushes one undo command, or says why not."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QUndoStack

from playground.gui import clipboard, style
from playground.gui.commands import AddCommand, ConnectCommand, DeleteCommand, MoveCommand, new_node
from playground.gui.scene import NetworkScene
from playground.gui.spec_model import SpecModel
from playground.network.catalog import get_kind, has_kind
from playground.network.layout import auto_layout
from playground.network.spec import Edge


def release_clipboard() -> None:
    """Take our layers off the clipboard before the app goes away.

    The clipboard owns the QMimeData we gave it and a static destructor deletes it after Python
    has shut down; with TensorFlow loaded that crashed the process at exit (seen in the tests).
    """
    board = QGuiApplication.clipboard()
    mime = board.mimeData()
    if mime is not None and mime.hasFormat(clipboard.MIME):
        board.clear()

class EditOps:
    def __init__(self, model: SpecModel, undo_stack: QUndoStack, scene: NetworkScene,
                 say: Callable[[str], None]) -> None:
        self.model = model
        self.undo_stack = undo_stack
        self.scene = scene
        self.say = say  # one line for the status bar

    # -- adding --------------------------------------------------------------------------------

    def add_kind_at(self, kind: str, pos: tuple[float, float]) -> str:
        node = new_node(self.model, kind, pos)
        self.undo_stack.push(AddCommand(self.model, [node], text=f"Add {get_kind(kind).label}"))
        self.scene.select_nodes([node.id])
        return node.id

    def append_kind(self, kind: str) -> str:
        """Add ``kind`` below the selected layer (or the network's last layer) and connect them."""
        spec = self.model.spec
        anchor = self._anchor()
        if kind == "Input" or anchor is None:
            x = max((n.pos[0] for n in spec.nodes), default=-style.LAYOUT_DX) + style.LAYOUT_DX
            y = min((n.pos[1] for n in spec.nodes), default=0.0)
            return self.add_kind_at(kind, (x, y)) if spec.nodes else self.add_kind_at(kind, (0.0, 0.0))
        ax, ay = spec.node(anchor).pos
        pos = self._free_spot(ax, ay + style.LAYOUT_DY)
        node = new_node(self.model, kind, pos)
        self.undo_stack.push(AddCommand(self.model, [node], [Edge(anchor, node.id)],
                                        text=f"Append {get_kind(kind).label}"))
        self.scene.select_nodes([node.id])
        return node.id

    def _anchor(self) -> str | None:
        selected = self.scene.selected_node_ids()
        if selected:
            return selected[-1]
        outputs = self.model.spec.output_ids()
        if outputs:
            return outputs[-1]
        return self.model.spec.nodes[-1].id if self.model.spec.nodes else None

    def _free_spot(self, x: float, y: float) -> tuple[float, float]:
        taken = [n.pos for n in self.model.spec.nodes]

        def clashes(px: float) -> bool:
            return any(abs(px - tx) < style.NODE_WIDTH + 10 and abs(y - ty) < style.NODE_HEIGHT + 10
                       for tx, ty in taken)

        step = 0
        while clashes(x + step * style.LAYOUT_DX):
            step += 1
        return (x + step * style.LAYOUT_DX, y)

    # -- connecting ----------------------------------------------------------------------------

    def connect(self, src: str, dst: str) -> bool:
        """Connect src → dst, or say why that would not make sense. A layer that takes one
        input gets the new one instead of its old one (one undo step)."""
        spec = self.model.spec
        if src == dst:
            self.say("A layer cannot feed itself.")
            return False
        if Edge(src, dst) in spec.edges:
            self.say(f"{src} already feeds {dst}.")
            return False
        dst_kind = spec.node(dst).kind
        if dst_kind == "Input":
            self.say("An Input is where data enters: nothing can feed it.")
            return False
        if self._reaches(dst, src):
            self.say(f"Connecting {src} → {dst} would make a loop; data must flow one way.")
            return False
        old = spec.inputs_of(dst)
        if old and has_kind(dst_kind) and not get_kind(dst_kind).is_merge:
            self.undo_stack.beginMacro(f"Reconnect {dst} to {src}")
            self.undo_stack.push(DeleteCommand(self.model, edges=[Edge(s, dst) for s in old]))
            self.undo_stack.push(ConnectCommand(self.model, src, dst))
            self.undo_stack.endMacro()
            self.say(f"{dst} takes one input: it now reads from {src} instead of {', '.join(old)}.")
            return True
        self.undo_stack.push(ConnectCommand(self.model, src, dst))
        return True

    def _reaches(self, start: str, goal: str) -> bool:
        seen, frontier = {start}, [start]
        while frontier:
            nid = frontier.pop()
            if nid == goal:
                return True
            for child in self.model.spec.consumers_of(nid):
                if child not in seen:
                    seen.add(child)
                    frontier.append(child)
        return False

    # -- deleting, moving, arranging -----------------------------------------------------------

    def delete_selection(self) -> bool:
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_edges()
        if not nodes and not edges:
            return False
        self.undo_stack.push(DeleteCommand(self.model, nodes, edges))
        return True

    def move(self, moves: dict) -> None:
        self.undo_stack.push(MoveCommand(self.model, moves))

    def arrange(self) -> bool:
        """Automatic top-to-bottom layout, as one undoable move."""
        laid = self.model.spec.copy()
        auto_layout(laid)
        moves = {}
        for old, new in zip(self.model.spec.nodes, laid.nodes):
            if tuple(old.pos) != tuple(new.pos):
                moves[old.id] = (tuple(old.pos), tuple(new.pos))
        if not moves:
            self.say("The layers are already arranged.")
            return False
        self.undo_stack.push(MoveCommand(self.model, moves, text="Arrange layers"))
        return True

    # -- clipboard -----------------------------------------------------------------------------

    def copy_selection(self) -> bool:
        ids = self.scene.selected_node_ids()
        if not ids:
            self.say("Select layers to copy.")
            return False
        text = clipboard.copy_nodes(self.model.spec, ids)
        mime = QMimeData()
        mime.setData(clipboard.MIME, text.encode("utf-8"))
        mime.setText(text)
        QGuiApplication.clipboard().setMimeData(mime)
        self.say(f"Copied {len(ids)} layer{'s' if len(ids) != 1 else ''}.")
        return True

    def paste(self) -> list[str]:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return []
        text = bytes(mime.data(clipboard.MIME)).decode("utf-8") if mime.hasFormat(clipboard.MIME) else mime.text()
        try:
            nodes, edges = clipboard.paste_nodes(self.model.spec, text)
        except ValueError:
            self.say("The clipboard holds no layers to paste.")
            return []
        if not nodes:
            return []
        self.undo_stack.push(AddCommand(self.model, nodes, edges, text=f"Paste {len(nodes)} layers"))
        ids = [n.id for n in nodes]
        self.scene.select_nodes(ids)
        return ids
