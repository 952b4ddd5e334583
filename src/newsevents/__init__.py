"""newsevents"""
