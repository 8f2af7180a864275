"""残联绩效看板: the router and frame (page config, navigation, shared sidebar filters, data-freshness note)."""

import streamlit as st

import queries
import ui

ui.leave_pages_directory_mode()
st.set_page_config(page_title=ui.APP_TITLE, page_icon=":material/monitoring:", layout="wide")
navigation = st.navigation(
    [
        st.Page(page.file, title=page.title, icon=page.icon, url_path=page.url_path, default=index == 0)
        for index, page in enumerate(ui.PAGES)
    ]
)
# The page reads this context instead of drawing the frame again (see ui.page_context).
st.session_state[ui.CONTEXT_KEY] = ui.render_frame(routed=True)
try:
    navigation.run()
except queries.WarehouseUnavailable as error:  # e.g. a warehouse built by an older version lacks a view
    st.error(str(error))
    st.code(queries.BUILD_COMMAND, language="bash")
