// Pointer gestures for the graph canvas, turned into calls on the component: drag a node to move it, drag the
// background to pan, turn the wheel to zoom. The layout and the drawing stay on the server; this only measures.
export function attach(svg, component) {
    let drag = null;
    let pending = null;

    const toSvg = (event, matrix) => new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);

    // Coalesce moves to one call per frame so a fast drag does not flood the circuit.
    const send = (call) => {
        const scheduled = pending !== null;
        pending = call;
        if (!scheduled) {
            requestAnimationFrame(() => {
                const next = pending;
                pending = null;
                next();
            });
        }
    };

    const onDown = (event) => {
        if (event.button !== 0) {
            return;
        }

        // Node ids are opaque strings: handed back to the component exactly as the page wrote them.
        const node = event.target.closest('[data-node-id]');
        drag = {
            nodeId: node ? node.dataset.nodeId : null,
            inverse: svg.getScreenCTM().inverse(),
            scale: svg.getScreenCTM().a,
            startX: event.clientX,
            startY: event.clientY,
            lastX: event.clientX,
            lastY: event.clientY,
            moved: false,
        };
    };

    const onMove = (event) => {
        if (!drag) {
            return;
        }

        if (!drag.moved && Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < 4) {
            return;
        }

        if (!drag.moved) {
            drag.moved = true;
            svg.setPointerCapture(event.pointerId);
        }

        if (drag.nodeId !== null) {
            const point = toSvg(event, drag.inverse);
            const nodeId = drag.nodeId;
            send(() => component.invokeMethodAsync('MoveNode', nodeId, point.x, point.y));
        } else {
            // The view moves under the pointer: pixels become canvas units at the zoom the drag started with.
            const dx = (drag.lastX - event.clientX) / drag.scale;
            const dy = (drag.lastY - event.clientY) / drag.scale;
            drag.lastX = event.clientX;
            drag.lastY = event.clientY;
            drag.panX = (drag.panX ?? 0) + dx;
            drag.panY = (drag.panY ?? 0) + dy;
            const state = drag;
            send(() => {
                const x = state.panX;
                const y = state.panY;
                state.panX = 0;
                state.panY = 0;
                return component.invokeMethodAsync('PanBy', x, y);
            });
        }
    };

    const onUp = () => {
        // A drag that moved must not also count as a click that expands the node under it.
        if (drag?.moved) {
            const swallow = (click) => click.stopPropagation();
            svg.addEventListener('click', swallow, { capture: true, once: true });
            setTimeout(() => svg.removeEventListener('click', swallow, { capture: true }), 0);
        }

        drag = null;
    };

    const onWheel = (event) => {
        event.preventDefault();
        component.invokeMethodAsync('ZoomBy', event.deltaY < 0 ? 1.1 : 1 / 1.1);
    };

    svg.addEventListener('pointerdown', onDown);
    svg.addEventListener('pointermove', onMove);
    svg.addEventListener('pointerup', onUp);
    svg.addEventListener('pointercancel', onUp);
    svg.addEventListener('wheel', onWheel, { passive: false });

    return {
        dispose: () => {
            svg.removeEventListener('pointerdown', onDown);
            svg.removeEventListener('pointermove', onMove);
            svg.removeEventListener('pointerup', onUp);
            svg.removeEventListener('pointercancel', onUp);
            svg.removeEventListener('wheel', onWheel);
        },
    };
}
