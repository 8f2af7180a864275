"""残联绩效看板: Streamlit router and frame (placeholder until the dashboard issue lands)."""

import streamlit as st

st.set_page_config(page_title="残联绩效看板", layout="wide")
st.title("残联绩效看板")
st.info("仪表盘建设中。先运行 `python -m etl build data` 构建数据仓库。")
